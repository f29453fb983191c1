import QRCode from 'qrcode';
import { PAGE_KNOBS } from '../../src/shared/protocol.js';

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Percent-encodes a query value, leaving the `,` `:` `/` `@` a query may hold as they are: the caption is read by people. */
const readable = (text: string): string =>
  encodeURIComponent(text).replace(/%(?:2C|3A|2F|40)/gi, (escape) => decodeURIComponent(escape));

const isKnob = (name: string): boolean => (PAGE_KNOBS as readonly string[]).includes(name);

/**
 * The phone URL with the page's knobs given to /qr (`/qr?sliders=zoom&idle=30`)
 * carried into it, in the order given, each replacing the URL's own; other
 * parameters are dropped, so /qr's own address cannot put anything else into
 * the code. A knob given twice counts once, the first, as the page reads it.
 */
export function phoneUrlWithKnobs(phoneUrl: string, qrQuery: string): string {
  const knobs = new Map<string, string>();
  for (const [name, value] of new URLSearchParams(qrQuery)) {
    if (isKnob(name) && !knobs.has(name)) knobs.set(name, value);
  }
  if (knobs.size === 0) return phoneUrl;
  let url: URL;
  try {
    url = new URL(phoneUrl);
  } catch {
    // Made from a Host header no URL can hold: shown as it is (escaped), without knobs.
    return phoneUrl;
  }
  const kept = [...url.searchParams].filter(([name]) => !knobs.has(name));
  url.search = [...kept, ...knobs]
    .map(([name, value]) => `${readable(name)}=${readable(value)}`)
    .join('&');
  return url.href;
}

const STYLE = `
  html, body { margin: 0; height: 100%; background: #fff; color: #000; }
  body { display: grid; grid-template-rows: minmax(0, 1fr) auto; justify-items: center;
         align-items: center; gap: 2vmin; box-sizing: border-box; padding: 3vmin;
         font-family: system-ui, sans-serif; }
  svg { height: 100%; width: auto; max-width: 94vw; max-height: 100%; }
  /* Read from across a room: the URL as large as the width allows, breaking anywhere if it must. */
  p { margin: 0; font-size: clamp(20px, 6vmin, 140px); font-weight: 600; line-height: 1.15;
      text-align: center; overflow-wrap: anywhere; max-width: 94vw; }
  .hint { font-weight: 400; font-size: clamp(18px, 3.5vmin, 64px); }
`;

const page = (body: string): string => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Crowdstick: scan to join</title>
<style>${STYLE}</style>
</head>
<body>
${body}
</body>
</html>
`;

/** The full-screen QR code of `url`, with the URL beneath it as the caption. */
export async function qrPage(url: string): Promise<string> {
  const svg = await QRCode.toString(url, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' });
  return page(`${svg}\n<p class="url">${escapeHtml(url)}</p>`);
}

/** What /qr shows when the relay serves no app and was given no `--public-url`: there is nothing to encode. */
export const NO_PHONE_URL_PAGE = page(
  '<p class="hint">This relay serves no app (--no-app). Start it with --public-url set to the address of the hosted copy, and its QR code shows here.</p>',
);
