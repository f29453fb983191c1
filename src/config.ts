import {
  DEFAULT_STICK,
  isControlName,
  MAX_BUTTONS,
  MAX_CONTROL_NAME_LENGTH,
  type Layout,
} from './shared/layout';
import { MAX_SLIDERS } from './shared/protocol';
import { DEFAULT_STORE_OPTIONS } from './store/options';

/** What the page's query parameters ask for (PROTOCOL.md, "The page's knobs"). */
export interface PageConfig {
  /** The socket URL: `?ws=`, else same-origin `/ws`. */
  wsUrl: string;
  /** Most messages per second per control. */
  rate: number;
  /** Seconds without interaction before `delete`. */
  idleSeconds: number;
  /** What the `sliders=`, `buttons=` and `stick=` knobs change in the relay's layout. */
  knobs: LayoutKnobs;
  /** What was wrong with the parameters, as sentences to show on the page. */
  problems: string[];
}

/** `stick=`: the stick's mode, tilt, or no stick at all. */
export type StickKnob = 'fixed' | 'floating' | 'tilt' | 'none';
export const STICK_KNOBS: readonly StickKnob[] = ['fixed', 'floating', 'tilt', 'none'];

/**
 * The layout knobs that were given, each replacing its part of the layout
 * the relay serves (`/layout.json`); a knob not given leaves its part alone.
 */
export interface LayoutKnobs {
  /** Slider names in layout order; empty for none. */
  sliders?: string[];
  /** Button names in layout order; empty for none. */
  buttons?: string[];
  stick?: StickKnob;
}

/** The parts of `window.location` the defaults depend on. */
export interface PageLocation {
  protocol: string;
  host: string;
}

export const RATE_RANGE = { min: 1, max: 120 } as const;
export const IDLE_SECONDS_RANGE = { min: 1, max: 3600 } as const;

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
    knobs: readKnobs(params, problems),
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

function readKnobs(params: URLSearchParams, problems: string[]): LayoutKnobs {
  const knobs: LayoutKnobs = {};
  const sliders = params.get('sliders');
  if (sliders !== null) knobs.sliders = readNames(sliders, 'slider', MAX_SLIDERS, problems);
  const buttons = params.get('buttons');
  if (buttons !== null) knobs.buttons = readNames(buttons, 'button', MAX_BUTTONS, problems);
  const stick = params.get('stick');
  if (!isBlank(stick)) {
    const mode = stick.trim() as StickKnob;
    if (STICK_KNOBS.includes(mode)) knobs.stick = mode;
    else {
      problems.push(
        `Ignored stick=${quote(stick)}: it must be ${STICK_KNOBS.join(', ')}, so the layout's stick stays.`,
      );
    }
  }
  return knobs;
}

/** A knob's comma-separated names: blanks and repeats skipped, bad or surplus ones left out with a problem. */
function readNames(value: string, kind: string, max: number, problems: string[]): string[] {
  const names: string[] = [];
  for (const raw of value.split(',')) {
    const name = raw.trim();
    if (name === '' || names.includes(name)) continue;
    if (!isControlName(name)) {
      problems.push(
        `Left out the ${kind} ${quote(name)}: a name has 1 to ${MAX_CONTROL_NAME_LENGTH} letters, digits, "_" or "-".`,
      );
    } else if (names.length >= max) {
      problems.push(`Left out the ${kind} ${quote(name)}: at most ${max} ${kind}s fit.`);
    } else {
      names.push(name);
    }
  }
  return names;
}

/**
 * The layout with the knobs applied (the knobs win over the relay's layout,
 * PROTOCOL.md). A slider the layout already has keeps its start value, a
 * button its label; `stick=` keeps the layout's deadzone and axis.
 */
export function applyKnobs(layout: Layout, knobs: LayoutKnobs): Layout {
  const sliders = knobs.sliders?.map(
    (name) => layout.sliders.find((slider) => slider.name === name) ?? { name, value: 0 },
  );
  const buttons = knobs.buttons?.map(
    (name) => layout.buttons.find((button) => button.name === name) ?? { name, label: name },
  );
  const base = layout.stick ?? DEFAULT_STICK;
  const stick =
    knobs.stick === undefined
      ? layout.stick
      : knobs.stick === 'none'
        ? null
        : knobs.stick === 'tilt'
          ? { ...base, tilt: true }
          : { ...base, mode: knobs.stick, tilt: false };
  return {
    title: layout.title,
    stick,
    sliders: sliders ?? layout.sliders,
    buttons: buttons ?? layout.buttons,
  };
}
