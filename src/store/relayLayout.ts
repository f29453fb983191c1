import { applyKnobs, httpUrlOfSocket, type LayoutKnobs } from '../config';
import { checkLayout, DEFAULT_LAYOUT, layoutProblemText, type Layout } from '../shared/layout';

/**
 * How long the page waits for `/layout.json` before it shows the default:
 * the controls are not drawn until the layout is known, and a relay that
 * hangs must not keep them away.
 */
export const LAYOUT_FETCH_TIMEOUT_MS = 3000;

/** The relay's `/layout.json`, beside the socket the page uses (the relay may be of another origin). */
export function relayLayoutUrl(wsUrl: string): string {
  return new URL('/layout.json', httpUrlOfSocket(wsUrl)).href;
}

export interface RelayLayoutOptions {
  fetch: typeof fetch;
  /** Where a layout that cannot be used is reported; a 404 is not (no layout, no news). */
  warn: (line: string) => void;
  timeoutMs?: number;
}

/**
 * The layout the page starts with: the relay's `/layout.json`, checked, with
 * the page's knobs applied over it. A 404 (an older relay, or a page hosted
 * apart from any relay) means the default, silently; anything else that is
 * not a usable layout (not JSON, a failed check, no answer in time) means the
 * default with a warning saying why. Never rejects.
 */
export async function startLayout(
  url: string,
  knobs: LayoutKnobs,
  { fetch, warn, timeoutMs = LAYOUT_FETCH_TIMEOUT_MS }: RelayLayoutOptions,
): Promise<Layout> {
  return applyKnobs(await relayLayout(url, fetch, warn, timeoutMs), knobs);
}

async function relayLayout(
  url: string,
  fetchLayout: typeof fetch,
  warn: (line: string) => void,
  timeoutMs: number,
): Promise<Layout> {
  const fallBack = (why: string) => {
    warn(`crowdstick: ${url} ${why}; the page shows the default layout.`);
    return DEFAULT_LAYOUT;
  };
  let value: unknown;
  try {
    const response = await fetchLayout(url, {
      cache: 'no-store',
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (response.status === 404) return DEFAULT_LAYOUT;
    if (!response.ok) return fallBack(`answered ${response.status}`);
    const text = await response.text();
    try {
      value = JSON.parse(text);
    } catch {
      return fallBack('is not JSON');
    }
  } catch (error) {
    return fallBack(`could not be read (${(error as Error).name})`);
  }
  const check = checkLayout(value);
  return check.ok
    ? check.layout
    : fallBack(`is no layout this page can use: ${layoutProblemText(check)}`);
}
