/** `crowdstick simulate` options, checked at start with exact messages. */
import { parseArgs } from 'node:util';
import { argumentProblem } from '../argumentError.js';
import { isControlName } from '../../src/shared/layout.js';
import { MAX_SLIDERS } from '../../src/shared/protocol.js';

export interface SimulateOptions {
  phones: number;
  /** The relay's phone socket, made from `--relay`. */
  url: string;
  /** Run this long, then stop; null runs until Ctrl-C. */
  seconds: number | null;
  arrivalSeconds: number;
  /** The relay's address as given, where its `/layout.json` is read. */
  relay: string;
  /** The controls to play; null for the ones the relay's `/layout.json` names. */
  sliders: string[] | null;
  buttons: string[] | null;
  rate: number;
  idleSeconds: number;
  seed: number;
}

export const SIMULATE_HELP = `Usage: crowdstick simulate --phones N --relay URL [options]

Plays N phones into a relay as a crowd would: they arrive over a few seconds,
circle and wander the stick, nudge sliders, go idle, leave and come back, each
through the same messages and at the same rate as the page. Every phone says
delete when the run ends or on Ctrl-C.

  --phones N        how many phones, 1 ..= 10000 (required)
  --relay URL       the relay's address, as a phone opens it:
                    http://HOST:PORT or https://HOST:PORT (required)
  --seconds S       stop after S seconds (default: run until Ctrl-C)
  --arrival S       the phones arrive spread over S seconds (default 5)
  --sliders NAMES   comma-separated slider names, 0 to 4, as the page's
                    sliders= knob (default: the relay's /layout.json)
  --buttons NAMES   comma-separated button names, 0 to 4, as the page's
                    buttons= knob (default: the relay's /layout.json)
  --rate N          most messages a second per control, as the page's rate=
                    (default 30)
  --idle S          seconds without interaction before a phone says delete,
                    as the page's idle= (default 10)
  --seed N          fixes every phone's choices, to get the same crowd again
                    (default: a new crowd each run)
  -h, --help        this help
`;

const fail = (message: string): never => {
  throw new Error(`crowdstick simulate: ${message}`);
};

function whole(text: string, flag: string, min: number, max: number): number {
  const value = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(value >= min && value <= max))
    fail(`${flag} must be a whole number in ${min}..${max}, got "${text}"`);
  return value;
}

function seconds(text: string, flag: string, min: number, max: number): number {
  const value = /^\d+(\.\d+)?$/.test(text) ? Number(text) : NaN;
  if (!(value >= min && value <= max))
    fail(`${flag} must be a number of seconds in ${min}..${max}, got "${text}"`);
  return value;
}

/** `http(s)://HOST:PORT[/path]` to the phone socket the page at that address would open. */
export function phoneSocketUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return fail(`--relay must be the relay's http:// or https:// address, got "${text}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    fail(`--relay must be the relay's http:// or https:// address, got "${text}"`);
  }
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/ws`;
  url.search = '';
  url.hash = '';
  return url.toString();
}

/** `--sliders` or `--buttons`: up to 4 names, as the layout allows them; null when not given. */
function names(text: string | undefined, kind: 'slider' | 'button'): string[] | null {
  if (text === undefined) return null;
  const list = text.split(',').filter((name) => name !== '');
  if (list.length > MAX_SLIDERS)
    fail(`--${kind}s takes at most ${MAX_SLIDERS} names, got ${list.length}`);
  for (const name of list) {
    if (!isControlName(name)) {
      fail(`--${kind}s: "${name}" is not a ${kind} name (1 to 32 letters, digits, _ and -)`);
    }
  }
  if (new Set(list).size !== list.length) fail(`--${kind}s names a ${kind} twice`);
  return list;
}

/** Reads `simulate`'s arguments; throws an Error whose message is the line to print. */
export function parseSimulateOptions(argv: readonly string[]): SimulateOptions | 'help' {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        phones: { type: 'string' },
        relay: { type: 'string' },
        seconds: { type: 'string' },
        arrival: { type: 'string' },
        sliders: { type: 'string' },
        buttons: { type: 'string' },
        rate: { type: 'string' },
        idle: { type: 'string' },
        seed: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    return fail(argumentProblem(error));
  }
  if (values.help) return 'help';
  const text = (name: string) => values[name] as string | undefined;
  const phonesText = text('phones') ?? fail('--phones N is required (see --help)');
  const relayText = text('relay') ?? fail('--relay URL is required (see --help)');
  const sliders = names(text('sliders'), 'slider');
  const buttons = names(text('buttons'), 'button');
  const secondsText = text('seconds');
  return {
    phones: whole(phonesText, '--phones', 1, 10_000),
    url: phoneSocketUrl(relayText),
    relay: relayText,
    seconds:
      secondsText === undefined ? null : seconds(secondsText, '--seconds', 0.1, 31 * 24 * 3600),
    arrivalSeconds: seconds(text('arrival') ?? '5', '--arrival', 0, 3600),
    sliders,
    buttons,
    rate: whole(text('rate') ?? '30', '--rate', 1, 60),
    idleSeconds: seconds(text('idle') ?? '10', '--idle', 1, 3600),
    seed:
      text('seed') === undefined
        ? Math.floor(Math.random() * 2 ** 32)
        : whole(text('seed')!, '--seed', 0, 2 ** 32 - 1),
  };
}
