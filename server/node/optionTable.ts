/**
 * Every flag of the relay in one table: the command-line parser, `--help` and
 * the README's option tables (tests/unit/server/node/optionsReadme.test.ts)
 * are all made from or checked against it. A flag's default is its field's in
 * DEFAULT_OPTIONS, so no default is written twice.
 */
import { MAX_LISTEN_BACKLOG } from './listenBacklog.js';
import {
  appDirOrNoApp,
  certWithKey,
  workersWithRedis,
  nonEmpty,
  parseAllowedOrigin,
  parseFolder,
  parseHost,
  parseIpAddress,
  parsePublicUrl,
  parseRedisUrl,
  readLayout,
  type GivenFlags,
} from './optionChecks.js';
import { checkedBy, port, seconds, switchTo, whole, type OptionValue } from './optionValues.js';
import type { CommandLine } from './options.js';
import { parseOscIn, parseOscTarget } from '../outputs/osc/oscOptions.js';

type Field = keyof CommandLine;

/** What one value of a flag gives: a list field gets one item each time its flag is given. */
type ItemOf<F extends Field> = CommandLine[F] extends readonly (infer Item)[]
  ? Item
  : CommandLine[F];

/** Where `--help` lists a flag; the limits are the README's "Relay limits" table too. */
export type OptionSection = 'main' | 'limits' | 'osc' | 'rehearsal' | 'cluster' | 'command';

type EntryOf<F extends Field> = {
  /** The flag without its dashes. */
  flag: string;
  /** A one-letter name besides (`-h`). */
  short?: string;
  /** What the value is called in `--help` and the README (`N`, `FILE`); none for a switch. */
  placeholder?: string;
  /** The field of the options the flag sets. */
  field: F;
  /** The kind of value, with its range or the check that reads it. */
  value: OptionValue<ItemOf<F>>;
  /** The environment variable read when the flag is not given. */
  env?: string;
  /** Other fields the flag sets when given. */
  implies?: Partial<CommandLine>;
  /** The default in words, where its value would say it badly (a computed path, a rule). */
  defaultText?: string;
  section: OptionSection;
  /** The line in `--help`; a flag without one is shown beside the flag before it. */
  help?: string;
} & (CommandLine[F] extends readonly unknown[]
  ? { /** Every value given counts, in order, rather than the last. */ repeatable: true }
  : { repeatable?: never });

export type OptionEntry = { [F in Field]: EntryOf<F> }[Field];

export const OPTION_TABLE: readonly OptionEntry[] = [
  {
    flag: 'port',
    placeholder: 'N',
    field: 'port',
    value: port(),
    env: 'PORT',
    section: 'main',
    help: 'the HTTP and WebSocket port; 0 picks one',
  },
  {
    flag: 'host',
    placeholder: 'ADDRESS',
    field: 'host',
    value: checkedBy(parseHost),
    section: 'main',
    help: 'the bind address; :: is every interface',
  },
  {
    flag: 'token',
    placeholder: 'TOKEN',
    field: 'token',
    value: checkedBy(nonEmpty),
    env: 'CROWDSTICK_TOKEN',
    section: 'main',
    help: 'installations on other machines must add ?token=TOKEN',
  },
  {
    flag: 'installation-from',
    placeholder: 'ADDRESS',
    field: 'installationFrom',
    value: checkedBy(parseIpAddress),
    repeatable: true,
    section: 'main',
    help: 'let installations from this IP address in without a token',
  },
  {
    flag: 'https',
    field: 'https',
    value: switchTo(true),
    section: 'main',
    help: 'serve https and wss with a self-signed certificate made at start',
  },
  {
    flag: 'cert',
    placeholder: 'FILE',
    field: 'cert',
    value: checkedBy(nonEmpty),
    implies: { https: true },
    section: 'main',
    help: 'serve https and wss with this PEM certificate and key',
  },
  { flag: 'key', placeholder: 'FILE', field: 'key', value: checkedBy(nonEmpty), section: 'main' },
  {
    flag: 'no-app',
    field: 'appDir',
    value: switchTo(null),
    section: 'main',
    help: 'serve no app: phones use a copy hosted elsewhere, with ?ws=',
  },
  {
    flag: 'app-dir',
    placeholder: 'DIR',
    field: 'appDir',
    value: checkedBy(parseFolder),
    defaultText: 'dist/app',
    section: 'main',
    help: 'serve the built app from DIR',
  },
  {
    flag: 'allow-origin',
    placeholder: 'ORIGIN',
    field: 'allowOrigins',
    value: checkedBy(parseAllowedOrigin),
    repeatable: true,
    section: 'main',
    help: "let pages from ORIGIN (e.g. https://example.org) connect as phones; '*' allows any page",
  },
  {
    flag: 'public-url',
    placeholder: 'URL',
    field: 'publicUrl',
    value: checkedBy(parsePublicUrl),
    defaultText: 'the first LAN address',
    section: 'main',
    help: 'the address visitors open, shown in the terminal, on /qr and in the monitor',
  },
  {
    flag: 'layout',
    placeholder: 'FILE',
    field: 'layout',
    value: checkedBy(readLayout),
    section: 'main',
    help: 'the controls phones start with, a layout JSON file (see the README\'s "Layouts"); served at /layout.json',
  },

  {
    flag: 'max-phones',
    placeholder: 'N',
    field: 'maxPhones',
    value: whole(1, 1_000_000),
    section: 'limits',
    help: 'the most phones at once; the next is turned away with 1013',
  },
  {
    flag: 'phone-rate',
    placeholder: 'N',
    field: 'phoneRate',
    value: whole(1, 10_000),
    section: 'limits',
    help: 'messages a second one phone may send; more are dropped',
  },
  {
    flag: 'phone-burst',
    placeholder: 'N',
    field: 'phoneBurst',
    value: whole(1, 10_000),
    section: 'limits',
    help: 'messages a phone may send at once above its rate',
  },
  {
    flag: 'flood-limit',
    placeholder: 'N',
    field: 'floodLimit',
    value: whole(1, 1_000_000),
    section: 'limits',
    help: 'drops after which a phone that keeps flooding is closed with 1008',
  },
  {
    flag: 'max-payload',
    placeholder: 'BYTES',
    field: 'maxPayloadBytes',
    value: whole(256, 1024 * 1024),
    section: 'limits',
    help: 'the largest frame; a bigger one closes the socket with 1009',
  },
  {
    flag: 'heartbeat',
    placeholder: 'SECONDS',
    field: 'heartbeatMs',
    value: seconds(0.05, 3600),
    section: 'limits',
    help: 'ping phones this often; a silent one is cut off',
  },
  {
    flag: 'slow-installation-bytes',
    placeholder: 'N',
    field: 'slowInstallationBytes',
    value: whole(1024, 256 * 1024 * 1024),
    section: 'limits',
    help: 'an installation with more unsent gets the latest state per user',
  },
  {
    flag: 'max-backlog',
    placeholder: 'N',
    field: 'maxBacklog',
    value: whole(100, 10_000_000),
    section: 'limits',
    help: 'the most entries held for a slow installation before it is cut off',
  },
  {
    flag: 'headers-timeout',
    placeholder: 'SECONDS',
    field: 'headersTimeoutMs',
    value: seconds(0.05, 3600),
    section: 'limits',
    help: 'how long a request (or upgrade) may take to send its headers',
  },
  {
    flag: 'phone-buffer',
    placeholder: 'BYTES',
    field: 'phoneBufferBytes',
    value: whole(1024, 256 * 1024 * 1024),
    section: 'limits',
    help: 'a phone with more unsent (it stopped reading) is cut off',
  },
  {
    flag: 'connect-timeout',
    placeholder: 'SECONDS',
    field: 'connectTimeoutMs',
    value: seconds(0.05, 3600),
    section: 'limits',
    help: 'a phone socket with no valid connect by then is closed',
  },
  {
    flag: 'listen-backlog',
    placeholder: 'N',
    field: 'listenBacklog',
    value: whole(1, MAX_LISTEN_BACKLOG),
    defaultText: '--max-phones, at least 511',
    section: 'limits',
    help: 'connections the kernel may queue before the relay accepts them; the kernel caps it at net.core.somaxconn',
  },
  {
    flag: 'kick-seconds',
    placeholder: 'N',
    field: 'kickSeconds',
    value: whole(0, 86_400),
    section: 'limits',
    help: 'how long a phone the operator kicked is turned back when it returns; 0 only closes it',
  },

  {
    flag: 'osc',
    placeholder: 'HOST:PORT',
    field: 'osc',
    value: checkedBy(parseOscTarget),
    repeatable: true,
    section: 'osc',
    help: 'send every phone event as OSC over UDP to HOST:PORT ([::1]:PORT for IPv6)',
  },
  {
    flag: 'osc-in',
    placeholder: '[HOST:]PORT',
    field: 'oscIn',
    value: checkedBy(parseOscIn),
    section: 'osc',
    help: 'take /crowdstick/send over UDP on PORT (loopback unless HOST is given; senders other than loopback need --installation-from)',
  },
  {
    flag: 'osc-crowd',
    placeholder: 'N',
    field: 'oscCrowdHz',
    value: whole(0, 120),
    section: 'osc',
    help: 'read the crowd as one (/crowdstick/crowd/...) N times a second and send it when it changed; 0 for never',
  },

  {
    flag: 'record',
    placeholder: 'FILE',
    field: 'record',
    value: checkedBy(nonEmpty),
    section: 'rehearsal',
    help: 'append every message the installations get to FILE, one JSON line each, for crowdstick replay',
  },
  {
    flag: 'record-max-mb',
    placeholder: 'N',
    field: 'recordMaxBytes',
    value: whole(1, 1_000_000, 2 ** 20),
    section: 'rehearsal',
    help: 'rotate the record file past N MiB: FILE.1, FILE.2, ...',
  },
  {
    flag: 'record-keep',
    placeholder: 'N',
    field: 'recordKeep',
    value: whole(0, 1000),
    section: 'rehearsal',
    help: 'rotated record files kept',
  },
  {
    flag: 'redis',
    placeholder: 'URL',
    field: 'redis',
    value: checkedBy(parseRedisUrl),
    section: 'cluster',
    help: 'be one node of a cluster that shares its phones and installations over this Redis',
  },
  {
    flag: 'workers',
    placeholder: 'N',
    field: 'workers',
    value: whole(1, 64),
    section: 'cluster',
    help: 'start N nodes on this machine sharing its port (with --redis); OSC and --record on the first only',
  },

  {
    flag: 'help',
    short: 'h',
    field: 'help',
    value: switchTo(true),
    section: 'command',
    help: 'show this text',
  },
];

/** The checks of flags that go together or not at all, made before any value is read. */
export const JOINT_CHECKS: readonly ((given: GivenFlags) => void)[] = [
  certWithKey,
  appDirOrNoApp,
  workersWithRedis,
];

/**
 * A flag's default as `--help` and the README give it, in the flag's own
 * unit; null for a switch (off unless given) or a flag that sets nothing by default.
 */
export function defaultText(entry: OptionEntry, defaults: CommandLine): string | null {
  if (entry.defaultText !== undefined) return entry.defaultText;
  if (entry.value.kind === 'switch') return null;
  const value: unknown = defaults[entry.field];
  if (value === undefined || value === null || (Array.isArray(value) && value.length === 0)) {
    return null;
  }
  const show = entry.value.show as ((value: unknown) => string) | undefined;
  return show !== undefined ? show(value) : String(value);
}
