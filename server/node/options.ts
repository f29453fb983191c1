import { existsSync, readFileSync, statSync } from 'node:fs';
import { isIP, isIPv4 } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { normalizeAddress } from './access.js';
import { parseOrigin } from './origin.js';
import { checkLayout, layoutProblemText, type Layout } from '../../src/shared/layout.js';
import { parseOscIn, parseOscTarget, type OscAddress } from '../outputs/osc/oscOptions.js';

/** Everything the relay can be told at start-up; defaults live in `DEFAULT_OPTIONS`. */
export interface RelayOptions {
  /** The TCP port; 0 picks a free one. */
  port: number;
  /** The bind address. */
  host: string;
  /** The token a non-loopback installation must present as `?token=`; none when undefined. */
  token: string | undefined;
  /** Addresses whose installations are let in without a token (already normalised). */
  installationFrom: string[];
  /** The built app served over HTTP; null serves none (`--no-app`, the app is hosted elsewhere). */
  appDir: string | null;
  /** Serve https and wss: with a self-signed certificate made at start, unless `cert` and `key` are given. */
  https: boolean;
  /** PEM certificate file (`--cert`), with `key`; implies https. */
  cert: string | undefined;
  /** PEM private key file (`--key`), with `cert`. */
  key: string | undefined;
  /** Page origins, besides the relay's own, whose controllers may connect (normalised), or `*`. */
  allowOrigins: string[];
  /** The most phone sockets at once; the next one is closed with 1013. */
  maxPhones: number;
  /** The messages a second one phone may send on average; more are dropped and counted. */
  phoneRate: number;
  /** How many messages a phone may send at once above its rate. */
  phoneBurst: number;
  /** Dropped messages (forgiven at the phone rate) after which a flooding phone is closed with 1008. */
  floodLimit: number;
  /** The largest frame a socket may send; a bigger one closes it with 1009. */
  maxPayloadBytes: number;
  /** How often phones are pinged; one that has not answered by the next ping is cut off. */
  heartbeatMs: number;
  /** An installation with more than this unsent is slow: it gets each user's latest state instead of every message. */
  slowInstallationBytes: number;
  /** The most connects, deletes and user states held for a slow installation; past it, it is cut off. */
  maxBacklog: number;
  /** How long a client may take to send its request headers (an upgrade included). */
  headersTimeoutMs: number;
  /** A phone with more than this unsent (it stopped reading) is cut off. */
  phoneBufferBytes: number;
  /** How long a phone socket may stay open without a valid `connect`. */
  connectTimeoutMs: number;
  /**
   * The kernel's queue of connections not yet accepted; undefined fits it to
   * `maxPhones` (see `listenBacklogFor`). The kernel caps it at net.core.somaxconn.
   */
  listenBacklog: number | undefined;
  /** UDP addresses that get every phone event as OSC (`--osc`, repeatable). */
  osc: OscAddress[];
  /** Where OSC in listens for `/crowdstick/send` (`--osc-in`); null for none. */
  oscIn: OscAddress | null;
  /** The crowd's OSC bundles a second (`--osc-crowd`); 0 for none. */
  oscCrowdHz: number;
  /** How long a kicked phone's user id is turned back; 0 closes the phone only. */
  kickSeconds: number;
  /**
   * The URL visitors open (`--public-url`), shown in the terminal, on /qr and in
   * the monitor in place of the first LAN address; undefined for that one.
   */
  publicUrl: string | undefined;
  /** The layout phones start with (`--layout FILE`, checked at start); null for the default. */
  layout: Layout | null;
  /** Where every message the installations get is appended (`--record`); null for nowhere. */
  record: string | null;
  /** The record file's size at which it is rotated (`--record-max-mb`). */
  recordMaxBytes: number;
  /** Rotated record files kept (`--record-keep`). */
  recordKeep: number;
}

/** What the command line asks for: the relay's options, or only the usage text. */
export interface CommandLine extends RelayOptions {
  help: boolean;
}

/**
 * The package root, found from this module's own location so that the same
 * code works from `server/node/` (tests) and from `dist/relay/server/node/` (built).
 */
function findPackageRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) return resolve(start, '..');
  }
}

const PACKAGE_ROOT = findPackageRoot(dirname(fileURLToPath(import.meta.url)));

/** The defaults; the app is served unless `--no-app`. */
export const DEFAULT_OPTIONS: Readonly<RelayOptions & { appDir: string }> = Object.freeze({
  port: 8080,
  // '::' accepts IPv6 and (dual-stack) IPv4, so `ws://localhost` works whichever
  // address localhost resolves to; start.ts falls back to 0.0.0.0 where IPv6 is off.
  host: '::',
  token: undefined,
  installationFrom: [],
  appDir: resolve(PACKAGE_ROOT, 'dist/app'),
  https: false,
  cert: undefined,
  key: undefined,
  allowOrigins: [],
  maxPhones: 5000,
  phoneRate: 120,
  phoneBurst: 20,
  floodLimit: 240,
  maxPayloadBytes: 8 * 1024,
  heartbeatMs: 30_000,
  slowInstallationBytes: 256 * 1024,
  maxBacklog: 20_000,
  headersTimeoutMs: 10_000,
  phoneBufferBytes: 64 * 1024,
  connectTimeoutMs: 10_000,
  listenBacklog: undefined,
  osc: [],
  oscIn: null,
  oscCrowdHz: 30,
  kickSeconds: 60,
  publicUrl: undefined,
  layout: null,
  record: null,
  recordMaxBytes: 100 * 1024 * 1024,
  recordKeep: 5,
});

/** Node's own default backlog, the least the relay asks for. */
const NODE_LISTEN_BACKLOG = 511;
/** The largest backlog Linux accepts at all (it is a 16-bit field there). */
export const MAX_LISTEN_BACKLOG = 65_535;

/**
 * The listen backlog to ask for: the one given, or room for every phone to
 * arrive at once, so a burst (a crowd scanning the QR code as the show
 * starts) never waits on a SYN retransmit, 1 s and more.
 */
export function listenBacklogFor(options: Pick<RelayOptions, 'listenBacklog' | 'maxPhones'>) {
  return (
    options.listenBacklog ??
    Math.min(MAX_LISTEN_BACKLOG, Math.max(NODE_LISTEN_BACKLOG, options.maxPhones))
  );
}

export const USAGE = `Usage: npm start -- [options]

  --port N                    the HTTP and WebSocket port (default 8080, env PORT; 0 picks one)
  --host ADDRESS              the bind address (default :: , every interface)
  --token TOKEN               installations on other machines must add ?token=TOKEN
                              (env CROWDSTICK_TOKEN)
  --installation-from ADDRESS let installations from this IP address in without a token;
                              may be repeated
  --https                     serve https and wss with a self-signed certificate made at start
  --cert FILE --key FILE      serve https and wss with this PEM certificate and key
  --no-app                    serve no app: phones use a copy hosted elsewhere, with ?ws=
  --app-dir DIR               serve the built app from DIR (default dist/app)
  --allow-origin ORIGIN       let pages from ORIGIN (e.g. https://example.org) connect as
                              phones; may be repeated; '*' allows any page
  --public-url URL            the address visitors open, shown in the terminal, on /qr and in
                              the monitor (default: the first LAN address)
  --layout FILE               the controls phones start with, a layout JSON file (see the
                              README's "Layouts"); served at /layout.json

Limits (see the README's "Relay limits"):
  --max-phones N              the most phones at once; the next is turned away with 1013 (default 5000)
  --phone-rate N              messages a second one phone may send; more are dropped (default 120)
  --phone-burst N             messages a phone may send at once above its rate (default 20)
  --flood-limit N             drops after which a phone that keeps flooding is closed with 1008
                              (default 240)
  --max-payload BYTES         the largest frame; a bigger one closes the socket with 1009 (default 8192)
  --heartbeat SECONDS         ping phones this often; a silent one is cut off (default 30)
  --slow-installation-bytes N an installation with more unsent gets the latest state per user
                              (default 262144)
  --max-backlog N             the most entries held for a slow installation before it is cut off
                              (default 20000)
  --headers-timeout SECONDS   how long a request (or upgrade) may take to send its headers (default 10)
  --phone-buffer BYTES        a phone with more unsent (it stopped reading) is cut off (default 65536)
  --connect-timeout SECONDS   a phone socket with no valid connect by then is closed (default 10)
  --listen-backlog N          connections the kernel may queue before the relay accepts them
                              (default: --max-phones, at least 511; the kernel caps it at
                              net.core.somaxconn)
  --kick-seconds N            how long a phone the operator kicked is turned back when it
                              returns (default 60; 0 only closes it)
OSC (see the README's "OSC"):
  --osc HOST:PORT             send every phone event as OSC over UDP to HOST:PORT ([::1]:PORT for
                              IPv6); may be repeated
  --osc-in [HOST:]PORT        take /crowdstick/send over UDP on PORT (loopback unless HOST is given;
                              senders other than loopback need --installation-from)
  --osc-crowd N               read the crowd as one (/crowdstick/crowd/...) N times a second and
                              send it when it changed (default 30; 0 for never)

Rehearsal (see the README's "Rehearse without a crowd"):
  --record FILE               append every message the installations get to FILE, one JSON
                              line each, for crowdstick replay
  --record-max-mb N           rotate the record file past N MiB: FILE.1, FILE.2, ... (default 100)
  --record-keep N             rotated record files kept (default 5)

  -h, --help                  show this text
`;

const OPTION_SPEC = {
  port: { type: 'string' },
  host: { type: 'string' },
  token: { type: 'string' },
  'installation-from': { type: 'string', multiple: true },
  https: { type: 'boolean' },
  cert: { type: 'string' },
  key: { type: 'string' },
  'no-app': { type: 'boolean' },
  'app-dir': { type: 'string' },
  'allow-origin': { type: 'string', multiple: true },
  'max-phones': { type: 'string' },
  'phone-rate': { type: 'string' },
  'phone-burst': { type: 'string' },
  'flood-limit': { type: 'string' },
  'max-payload': { type: 'string' },
  heartbeat: { type: 'string' },
  'slow-installation-bytes': { type: 'string' },
  'max-backlog': { type: 'string' },
  'headers-timeout': { type: 'string' },
  'phone-buffer': { type: 'string' },
  'connect-timeout': { type: 'string' },
  'listen-backlog': { type: 'string' },
  osc: { type: 'string', multiple: true },
  'osc-in': { type: 'string' },
  'osc-crowd': { type: 'string' },
  'kick-seconds': { type: 'string' },
  'public-url': { type: 'string' },
  layout: { type: 'string' },
  record: { type: 'string' },
  'record-max-mb': { type: 'string' },
  'record-keep': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

type OptionName = keyof typeof OPTION_SPEC;

const fail = (message: string): never => {
  throw new Error(`crowdstick: ${message}`);
};

/** `--layout FILE`: read and checked now, so a wrong file fails the start with the field and why. */
function readLayout(file: string): Layout {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return fail(
      `--layout ${file}: cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return fail(`--layout ${file}: not JSON (${(error as Error).message})`);
  }
  const checked = checkLayout(value);
  return checked.ok ? checked.layout : fail(`--layout ${file}: ${layoutProblemText(checked)}`);
}

function parsePort(text: string, source: string): number {
  const port = /^\d{1,5}$/.test(text) ? Number(text) : NaN;
  if (!(port <= 65535)) fail(`${source} must be an integer in 0..65535, got "${text}"`);
  return port;
}

/** A whole number in `min` ..= `max`, for the count limits. */
function parseWhole(text: string, source: string, min: number, max: number): number {
  const value = /^\d{1,10}$/.test(text) ? Number(text) : NaN;
  if (!(value >= min && value <= max)) {
    fail(`${source} must be a whole number from ${min} to ${max}, got "${text}"`);
  }
  return value;
}

/** A duration in seconds (decimals allowed, so tests can use short ones), returned in milliseconds. */
function parseSeconds(text: string, source: string, maxSeconds: number): number {
  const seconds = /^\d{1,6}(\.\d{1,3})?$/.test(text) ? Number(text) : NaN;
  if (!(seconds >= 0.05 && seconds <= maxSeconds)) {
    fail(`${source} must be a number of seconds from 0.05 to ${maxSeconds}, got "${text}"`);
  }
  return Math.round(seconds * 1000);
}

/** A host name or an address; four dotted numbers must be an IPv4 address, so a typo is caught here. */
function parseHost(text: string): string {
  nonEmpty(text, '--host');
  if (/^\d+(\.\d+){3}$/.test(text) && !isIPv4(text)) {
    fail(`--host must be an IP address or a host name, got "${text}"`);
  }
  return text;
}

/** An absolute http or https URL, normalised (a bare host gets its trailing slash). */
function parsePublicUrl(text: string): string {
  let url: URL | null = null;
  if (/^https?:\/\/[^/]/i.test(text)) {
    try {
      url = new URL(text);
    } catch {
      url = null;
    }
  }
  if (url === null || url.username !== '' || url.password !== '') {
    fail(
      `--public-url must be an absolute http:// or https:// URL, such as https://play.example.org/, got "${text}"`,
    );
  }
  return url!.href;
}

function parseAddress(text: string): string {
  if (isIP(text) === 0) fail(`--installation-from must be an IP address, got "${text}"`);
  return normalizeAddress(text);
}

function parseAllowedOrigin(text: string): string {
  return (
    parseOrigin(text) ??
    fail(`--allow-origin must be an origin such as https://example.org, got "${text}"`)
  );
}

/** `--no-app`, `--app-dir DIR` (which must be a folder), or the package's own build. */
function appDirFrom(noApp: boolean, dirText: string | undefined): string | null {
  if (dirText === undefined) return noApp ? null : DEFAULT_OPTIONS.appDir;
  if (noApp) fail('--app-dir and --no-app cannot be given together');
  const dir = resolve(nonEmpty(dirText, '--app-dir'));
  if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory()) {
    fail(`--app-dir must be a folder, got "${dirText}"`);
  }
  return dir;
}

function nonEmpty(text: string, source: string): string {
  if (text === '') fail(`${source} must not be empty`);
  return text;
}

/**
 * Whether the word after a valued option is another option rather than its
 * value. A negative number is a value, so `--port -1` is told its range.
 */
const isOptionLike = (word: string): boolean => word.startsWith('-') && !/^-\d/.test(word);

/**
 * Reads the command line and environment into options, checking every value.
 * Throws an Error whose message is the exact line to print on a bad option.
 */
export function parseOptions(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): CommandLine {
  // strict: false plus our own checks below, so every mistake gets a short exact message.
  const { tokens } = parseArgs({
    args: [...argv],
    options: OPTION_SPEC,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const given: Partial<Record<OptionName, string[]>> = {};
  for (const token of tokens) {
    if (token.kind === 'option-terminator') continue;
    if (token.kind === 'positional') fail(`unexpected argument "${token.value}" (see --help)`);
    if (token.kind !== 'option') continue;
    if (!Object.hasOwn(OPTION_SPEC, token.name)) {
      fail(`unknown option "${token.rawName}" (see --help)`);
    }
    const name = token.name as OptionName;
    const value = token.value;
    if (OPTION_SPEC[name].type === 'boolean') {
      if (value !== undefined) fail(`${token.rawName} takes no value`);
    } else if (value === undefined || (!token.inlineValue && isOptionLike(value))) {
      fail(`${token.rawName} needs a value`);
    }
    (given[name] ??= []).push(value ?? '');
  }

  const last = (name: OptionName): string | undefined => given[name]?.at(-1);
  const envValue = (name: string): string | undefined => env[name] || undefined;

  const portText = last('port');
  const envPort = envValue('PORT');
  const tokenText = last('token');
  const hostText = last('host');
  const whole = (name: OptionName, min: number, max: number, fallback: number): number => {
    const text = last(name);
    return text === undefined ? fallback : parseWhole(text, `--${name}`, min, max);
  };
  const seconds = (name: OptionName, maxSeconds: number, fallback: number): number => {
    const text = last(name);
    return text === undefined ? fallback : parseSeconds(text, `--${name}`, maxSeconds);
  };
  const cert = last('cert');
  const key = last('key');
  if ((cert === undefined) !== (key === undefined)) fail('--cert and --key must be given together');
  return {
    help: given.help !== undefined,
    port:
      portText !== undefined
        ? parsePort(portText, '--port')
        : envPort !== undefined
          ? parsePort(envPort, 'PORT')
          : DEFAULT_OPTIONS.port,
    host: hostText !== undefined ? parseHost(hostText) : DEFAULT_OPTIONS.host,
    token:
      tokenText !== undefined
        ? nonEmpty(tokenText, '--token')
        : (envValue('CROWDSTICK_TOKEN') ?? DEFAULT_OPTIONS.token),
    installationFrom: (given['installation-from'] ?? []).map(parseAddress),
    appDir: appDirFrom(given['no-app'] !== undefined, last('app-dir')),
    https: given.https !== undefined || cert !== undefined,
    cert: cert !== undefined ? nonEmpty(cert, '--cert') : undefined,
    key: key !== undefined ? nonEmpty(key, '--key') : undefined,
    allowOrigins: (given['allow-origin'] ?? []).map(parseAllowedOrigin),
    maxPhones: whole('max-phones', 1, 1_000_000, DEFAULT_OPTIONS.maxPhones),
    phoneRate: whole('phone-rate', 1, 10_000, DEFAULT_OPTIONS.phoneRate),
    phoneBurst: whole('phone-burst', 1, 10_000, DEFAULT_OPTIONS.phoneBurst),
    floodLimit: whole('flood-limit', 1, 1_000_000, DEFAULT_OPTIONS.floodLimit),
    maxPayloadBytes: whole('max-payload', 256, 1024 * 1024, DEFAULT_OPTIONS.maxPayloadBytes),
    heartbeatMs: seconds('heartbeat', 3600, DEFAULT_OPTIONS.heartbeatMs),
    slowInstallationBytes: whole(
      'slow-installation-bytes',
      1024,
      256 * 1024 * 1024,
      DEFAULT_OPTIONS.slowInstallationBytes,
    ),
    maxBacklog: whole('max-backlog', 100, 10_000_000, DEFAULT_OPTIONS.maxBacklog),
    headersTimeoutMs: seconds('headers-timeout', 3600, DEFAULT_OPTIONS.headersTimeoutMs),
    phoneBufferBytes: whole(
      'phone-buffer',
      1024,
      256 * 1024 * 1024,
      DEFAULT_OPTIONS.phoneBufferBytes,
    ),
    connectTimeoutMs: seconds('connect-timeout', 3600, DEFAULT_OPTIONS.connectTimeoutMs),
    listenBacklog:
      last('listen-backlog') === undefined
        ? DEFAULT_OPTIONS.listenBacklog
        : whole('listen-backlog', 1, MAX_LISTEN_BACKLOG, NODE_LISTEN_BACKLOG),
    osc: (given.osc ?? []).map(parseOscTarget),
    oscIn: last('osc-in') === undefined ? null : parseOscIn(last('osc-in') ?? ''),
    oscCrowdHz: whole('osc-crowd', 0, 120, DEFAULT_OPTIONS.oscCrowdHz),
    kickSeconds: whole('kick-seconds', 0, 86_400, DEFAULT_OPTIONS.kickSeconds),
    publicUrl: last('public-url') === undefined ? undefined : parsePublicUrl(last('public-url')!),
    layout: last('layout') === undefined ? null : readLayout(last('layout')!),
    record: last('record') ?? null,
    recordMaxBytes:
      whole('record-max-mb', 1, 1_000_000, DEFAULT_OPTIONS.recordMaxBytes / 2 ** 20) * 2 ** 20,
    recordKeep: whole('record-keep', 0, 1000, DEFAULT_OPTIONS.recordKeep),
  };
}
