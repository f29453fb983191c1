/**
 * The relay's options: what each means and its default. Every flag that sets
 * one is in the option table (optionTable.ts), from which the command line is
 * read (parseOptions) and `--help` is written (USAGE).
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCommandLine } from './optionParser.js';
import { usageText } from './optionUsage.js';
import type { Layout } from '../../src/shared/layout.js';
import type { OscAddress } from '../outputs/osc/oscOptions.js';

export { listenBacklogFor, MAX_LISTEN_BACKLOG } from './listenBacklog.js';

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
  /** The Redis this relay shares its crowd over, as one node of a cluster (`--redis`); null for none. */
  redis: string | null;
  /** Nodes started on this machine, sharing the port (`--workers`, with `redis`). */
  workers: number;
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
  redis: null,
  workers: 1,
});

/** What the command line gives before any flag: the defaults, and no `--help`. */
const COMMAND_LINE_DEFAULTS: Readonly<CommandLine> = Object.freeze({
  ...DEFAULT_OPTIONS,
  help: false,
});

/**
 * Reads the command line and environment into options, checking every value.
 * Throws an Error whose message is the exact line to print on a bad option.
 */
export function parseOptions(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): CommandLine {
  return parseCommandLine(argv, env, COMMAND_LINE_DEFAULTS);
}

/** `npm start -- --help`. */
export const USAGE = usageText(COMMAND_LINE_DEFAULTS);
