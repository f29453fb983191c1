import { defaultSocketUrl } from '../config';

/** The parts of `window.location` the phone URL is made from. */
export interface PageAddress {
  href: string;
  protocol: string;
  host: string;
}

/**
 * The address that opens this same controller on a phone: this page's URL
 * with its options, plus `?ws=` when the socket is not the page's own `/ws`
 * (a remembered relay, say), so the phone joins the same installation.
 */
export function phoneUrlFor(page: PageAddress, wsUrl: string): string {
  const url = new URL(page.href);
  url.hash = '';
  if (wsUrl !== defaultSocketUrl(page)) url.searchParams.set('ws', wsUrl);
  return url.href;
}

/** Whether a URL names this computer only (localhost, 127.x, ::1): a phone cannot open it. */
export function isLocalOnly(href: string): boolean {
  const host = new URL(href).hostname;
  return (
    host === 'localhost' || host.endsWith('.localhost') || /^127\./.test(host) || host === '[::1]'
  );
}
