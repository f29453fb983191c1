import { existsSync } from 'node:fs';
import { isIP } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { normalizeAddress } from './access.js';
import { parseOrigin } from './origin.js';

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
}

/** What the command line asks for: the relay's options, or only the usage text. */
export interface CommandLine extends RelayOptions {
  help: boolean;
}

/**
 * The package root, found from this module's own location so that the same
 * code works from `server/` (tests) and from `dist/relay/server/` (built).
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
});

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
  --allow-origin ORIGIN       let pages from ORIGIN (e.g. https://example.org) connect as
                              phones; may be repeated; '*' allows any page
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
  'allow-origin': { type: 'string', multiple: true },
  help: { type: 'boolean', short: 'h' },
} as const;

type OptionName = keyof typeof OPTION_SPEC;

const fail = (message: string): never => {
  throw new Error(`crowdstick: ${message}`);
};

function parsePort(text: string, source: string): number {
  const port = /^\d{1,5}$/.test(text) ? Number(text) : NaN;
  if (!(port <= 65535)) fail(`${source} must be an integer in 0..65535, got "${text}"`);
  return port;
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

function nonEmpty(text: string, source: string): string {
  if (text === '') fail(`${source} must not be empty`);
  return text;
}

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
    } else if (value === undefined || (!token.inlineValue && value.startsWith('-'))) {
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
    host: hostText !== undefined ? nonEmpty(hostText, '--host') : DEFAULT_OPTIONS.host,
    token:
      tokenText !== undefined
        ? nonEmpty(tokenText, '--token')
        : (envValue('CROWDSTICK_TOKEN') ?? DEFAULT_OPTIONS.token),
    installationFrom: (given['installation-from'] ?? []).map(parseAddress),
    appDir: given['no-app'] !== undefined ? null : DEFAULT_OPTIONS.appDir,
    https: given.https !== undefined || cert !== undefined,
    cert: cert !== undefined ? nonEmpty(cert, '--cert') : undefined,
    key: key !== undefined ? nonEmpty(key, '--key') : undefined,
    allowOrigins: (given['allow-origin'] ?? []).map(parseAllowedOrigin),
  };
}
