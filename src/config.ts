import { isSliderName, MAX_SLIDERS } from './shared/protocol';
import { DEFAULT_STORE_OPTIONS } from './store/options';

/** What the page's query parameters ask for (PROTOCOL.md, "The page's knobs"). */
export interface PageConfig {
  /** The socket URL: `?ws=`, else same-origin `/ws`. */
  wsUrl: string;
  /** Most messages per second per control. */
  rate: number;
  /** Seconds without interaction before `delete`. */
  idleSeconds: number;
  /** Slider names in layout order; empty for the joystick alone. */
  sliders: string[];
  /** What was wrong with the parameters, as sentences to show on the page. */
  problems: string[];
}

/** The parts of `window.location` the defaults depend on. */
export interface PageLocation {
  protocol: string;
  host: string;
}

export const RATE_RANGE = { min: 1, max: 120 } as const;
export const IDLE_SECONDS_RANGE = { min: 1, max: 3600 } as const;
export const DEFAULT_SLIDERS: readonly string[] = ['slider'];

/**
 * Reads the page's knobs from its query string. Nothing here is fatal: a bad
 * value falls back to its default (a bad slider name is left out) and adds a
 * sentence to `problems` saying what was ignored. An empty value means the default.
 */
export function readConfig(search: string, page: PageLocation): PageConfig {
  const params = new URLSearchParams(search);
  const problems: string[] = [];
  return {
    wsUrl: readSocketUrl(params.get('ws'), page, problems),
    rate: readNumber('rate', params.get('rate'), RATE_RANGE, DEFAULT_STORE_OPTIONS.rate, problems),
    idleSeconds: readNumber(
      'idle',
      params.get('idle'),
      IDLE_SECONDS_RANGE,
      DEFAULT_STORE_OPTIONS.idleSeconds,
      problems,
    ),
    sliders: readSliders(params.get('sliders'), problems),
    problems,
  };
}

/** Same-origin `/ws`, with `wss:` when the page itself came over `https:`. */
export function defaultSocketUrl(page: PageLocation): string {
  return `${page.protocol === 'https:' ? 'wss:' : 'ws:'}//${page.host}/ws`;
}

/**
 * The relay a socket URL names, short enough for one line at 320 px: its
 * host, and its path when that is not `/ws`; null when it is the page's own
 * same-origin `/ws`, which needs no mention.
 */
export function relayLabel(wsUrl: string, page: PageLocation): string | null {
  if (wsUrl === defaultSocketUrl(page)) return null;
  try {
    const url = new URL(wsUrl);
    return url.pathname === '/ws' ? url.host : `${url.host}${url.pathname}`;
  } catch {
    return wsUrl;
  }
}

/**
 * The plain-HTTP address of a socket URL (`ws:` to `http:`, `wss:` to
 * `https:`), which the page asks when the socket fails, to tell a relay that
 * is down from one that refuses it.
 */
export function httpUrlOfSocket(wsUrl: string): string {
  const url = new URL(wsUrl);
  url.protocol = url.protocol === 'wss:' ? 'https:' : 'http:';
  return url.href;
}

const isBlank = (value: string | null): value is null => value === null || value.trim() === '';

/** Keeps long or odd input readable inside a sentence. */
const quote = (value: string) =>
  JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);

/** A `ws:` or `wss:` URL in the form a browser accepts, or null for anything else. */
export function parseSocketUrl(value: string): string | null {
  try {
    const url = new URL(value.trim());
    if (url.protocol !== 'ws:' && url.protocol !== 'wss:') return null;
    // Older browsers refuse a socket URL with a fragment.
    url.hash = '';
    return url.href;
  } catch {
    return null;
  }
}

function readSocketUrl(value: string | null, page: PageLocation, problems: string[]): string {
  const fallback = defaultSocketUrl(page);
  if (isBlank(value)) return fallback;
  const url = parseSocketUrl(value);
  if (url !== null) return url;
  problems.push(
    `Ignored ws=${quote(value)}: it is not a ws:// or wss:// address, so the page uses ${fallback}.`,
  );
  return fallback;
}

function readNumber(
  name: string,
  value: string | null,
  range: { min: number; max: number },
  fallback: number,
  problems: string[],
): number {
  if (isBlank(value)) return fallback;
  const number = Number(value.trim());
  if (Number.isFinite(number) && number >= range.min && number <= range.max) return number;
  problems.push(
    `Ignored ${name}=${quote(value)}: it must be a number from ${range.min} to ${range.max}, so the page uses ${fallback}.`,
  );
  return fallback;
}

function readSliders(value: string | null, problems: string[]): string[] {
  if (value === null) return [...DEFAULT_SLIDERS];
  const names: string[] = [];
  for (const raw of value.split(',')) {
    const name = raw.trim();
    if (name === '' || names.includes(name)) continue;
    if (!isSliderName(name)) {
      problems.push(
        `Left out the slider ${quote(name)}: a name has 1 to 32 characters and no control characters.`,
      );
    } else if (names.length >= MAX_SLIDERS) {
      problems.push(`Left out the slider ${quote(name)}: at most ${MAX_SLIDERS} sliders fit.`);
    } else {
      names.push(name);
    }
  }
  return names;
}
