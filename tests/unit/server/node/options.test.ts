import { existsSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_OPTIONS,
  listenBacklogFor,
  parseOptions,
  USAGE,
} from '../../../../server/node/options';
import { OPTION_TABLE } from '../../../../server/node/optionTable';

const valued = OPTION_TABLE.filter((entry) => entry.value.kind === 'text');
const switches = OPTION_TABLE.filter((entry) => entry.value.kind === 'switch');

describe('parseOptions', () => {
  it('gives the defaults for an empty command line and environment', () => {
    expect(parseOptions([], {})).toEqual({
      help: false,
      port: 8080,
      host: '::',
      token: undefined,
      installationFrom: [],
      appDir: DEFAULT_OPTIONS.appDir,
      https: false,
      cert: undefined,
      key: undefined,
      allowOrigins: [],
      maxPhones: 5000,
      phoneRate: 120,
      phoneBurst: 20,
      floodLimit: 240,
      maxPayloadBytes: 8192,
      heartbeatMs: 30_000,
      slowInstallationBytes: 262_144,
      maxBacklog: 20_000,
      headersTimeoutMs: 10_000,
      phoneBufferBytes: 65_536,
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
  });

  it('reads the record file, its size in MiB and how many rotated files to keep', () => {
    expect(
      parseOptions(['--record', 'show.jsonl', '--record-max-mb', '2', '--record-keep', '0'], {}),
    ).toMatchObject({ record: 'show.jsonl', recordMaxBytes: 2 * 1024 * 1024, recordKeep: 0 });
  });

  it('reads how long a kick holds, 0 for none', () => {
    expect(parseOptions(['--kick-seconds', '0'], {}).kickSeconds).toBe(0);
    expect(parseOptions(['--kick-seconds=300'], {}).kickSeconds).toBe(300);
  });

  it('reads the public URL, with the trailing slash of a bare host added', () => {
    expect(parseOptions(['--public-url', 'https://play.example.org'], {}).publicUrl).toBe(
      'https://play.example.org/',
    );
    expect(parseOptions(['--public-url', 'http://10.0.0.5:8080/?sliders=zoom'], {}).publicUrl).toBe(
      'http://10.0.0.5:8080/?sliders=zoom',
    );
  });

  it('takes a host name or an address for --host', () => {
    expect(parseOptions(['--host', 'localhost'], {}).host).toBe('localhost');
    expect(parseOptions(['--host', '10.0.0.5'], {}).host).toBe('10.0.0.5');
  });

  it('reads OSC targets (repeatable) and where OSC in listens', () => {
    expect(
      parseOptions(['--osc', '127.0.0.1:9000', '--osc=[::1]:9100', '--osc-in', '9001'], {}),
    ).toMatchObject({
      osc: [
        { host: '127.0.0.1', port: 9000 },
        { host: '::1', port: 9100 },
      ],
      oscIn: { host: '127.0.0.1', port: 9001 },
    });
    expect(parseOptions(['--osc-in', '0.0.0.0:9001'], {}).oscIn).toEqual({
      host: '0.0.0.0',
      port: 9001,
    });
  });

  it('reads the https, hosted-mode and origin options', () => {
    expect(
      parseOptions(
        [
          '--https',
          '--no-app',
          '--allow-origin',
          'https://Crowdstick.example.org/',
          '--allow-origin=http://192.168.1.5:5173',
        ],
        {},
      ),
    ).toMatchObject({
      https: true,
      appDir: null,
      allowOrigins: ['https://crowdstick.example.org', 'http://192.168.1.5:5173'],
    });
  });

  it('serves https when given a certificate and key', () => {
    expect(parseOptions(['--cert', 'relay.pem', '--key', 'relay-key.pem'], {})).toMatchObject({
      https: true,
      cert: 'relay.pem',
      key: 'relay-key.pem',
    });
  });

  it("accepts '*' to let pages of any origin connect", () => {
    expect(parseOptions(['--allow-origin', '*'], {}).allowOrigins).toEqual(['*']);
  });

  it('points appDir at dist/app in the package root', () => {
    expect(isAbsolute(DEFAULT_OPTIONS.appDir)).toBe(true);
    expect(DEFAULT_OPTIONS.appDir.endsWith(join('dist', 'app'))).toBe(true);
    expect(existsSync(join(DEFAULT_OPTIONS.appDir, '..', '..', 'package.json'))).toBe(true);
  });

  it('reads every option from the command line', () => {
    const options = parseOptions(
      [
        '--port',
        '9000',
        '--host=127.0.0.1',
        '--token',
        's3cret',
        '--installation-from',
        '192.168.1.7',
        '--installation-from=::ffff:10.0.0.2',
      ],
      {},
    );
    expect(options).toMatchObject({
      port: 9000,
      host: '127.0.0.1',
      token: 's3cret',
      installationFrom: ['192.168.1.7', '10.0.0.2'],
    });
  });

  it('reads every relay limit, seconds turned into milliseconds', () => {
    const options = parseOptions(
      [
        '--max-phones=3',
        '--phone-rate=60',
        '--phone-burst=5',
        '--flood-limit=50',
        '--max-payload=1024',
        '--heartbeat=0.5',
        '--slow-installation-bytes=4096',
        '--max-backlog=500',
        '--headers-timeout=2',
        '--phone-buffer=2048',
        '--connect-timeout=0.5',
        '--listen-backlog=1024',
      ],
      {},
    );
    expect(options).toMatchObject({
      maxPhones: 3,
      phoneRate: 60,
      phoneBurst: 5,
      floodLimit: 50,
      maxPayloadBytes: 1024,
      heartbeatMs: 500,
      slowInstallationBytes: 4096,
      maxBacklog: 500,
      headersTimeoutMs: 2000,
      phoneBufferBytes: 2048,
      connectTimeoutMs: 500,
      listenBacklog: 1024,
    });
  });

  it('fits the listen backlog to --max-phones unless told, never below Node’s 511', () => {
    const backlog = (argv: string[]) => listenBacklogFor(parseOptions(argv, {}));
    expect(backlog([])).toBe(5000);
    expect(backlog(['--max-phones', '20'])).toBe(511);
    expect(backlog(['--max-phones', '2000'])).toBe(2000);
    expect(backlog(['--max-phones', '1000000'])).toBe(65_535);
    expect(backlog(['--max-phones', '2000', '--listen-backlog', '100'])).toBe(100);
  });

  it('serves the app from --app-dir, resolved from the working folder', () => {
    expect(parseOptions(['--app-dir', 'dist'], {}).appDir).toBe(resolve('dist'));
  });

  it('takes the port and token from PORT and CROWDSTICK_TOKEN', () => {
    expect(parseOptions([], { PORT: '7000', CROWDSTICK_TOKEN: 'abc' })).toMatchObject({
      port: 7000,
      token: 'abc',
    });
  });

  it('prefers the command line over the environment', () => {
    const env = { PORT: '7000', CROWDSTICK_TOKEN: 'from-env' };
    expect(parseOptions(['--port', '0', '--token', 'from-argv'], env)).toMatchObject({
      port: 0,
      token: 'from-argv',
    });
  });

  it('treats empty environment variables as unset', () => {
    expect(parseOptions([], { PORT: '', CROWDSTICK_TOKEN: '' })).toMatchObject({
      port: 8080,
      token: undefined,
    });
  });

  it('lets a later option win over an earlier one', () => {
    expect(parseOptions(['--port', '1', '--port', '2'], {}).port).toBe(2);
  });

  it('recognises --help and -h', () => {
    expect(parseOptions(['--help'], {}).help).toBe(true);
    expect(parseOptions(['-h'], {}).help).toBe(true);
  });

  it.each([
    [['--port', 'abc'], {}, 'crowdstick: --port must be an integer in 0..65535, got "abc"'],
    [['--port', '65536'], {}, 'crowdstick: --port must be an integer in 0..65535, got "65536"'],
    [['--port', '80.5'], {}, 'crowdstick: --port must be an integer in 0..65535, got "80.5"'],
    [['--port='], {}, 'crowdstick: --port must be an integer in 0..65535, got ""'],
    [[], { PORT: 'http' }, 'crowdstick: PORT must be an integer in 0..65535, got "http"'],
    [['--port'], {}, 'crowdstick: --port needs a value'],
    [['--port', '--help'], {}, 'crowdstick: --port needs a value'],
    [['--host='], {}, 'crowdstick: --host must not be empty'],
    [['--token='], {}, 'crowdstick: --token must not be empty'],
    [
      ['--installation-from', 'my-laptop'],
      {},
      'crowdstick: --installation-from must be an IP address, got "my-laptop"',
    ],
    [['--help=yes'], {}, 'crowdstick: --help takes no value'],
    [['--https=yes'], {}, 'crowdstick: --https takes no value'],
    [['--cert', 'relay.pem'], {}, 'crowdstick: --cert and --key must be given together'],
    [['--key', 'relay-key.pem'], {}, 'crowdstick: --cert and --key must be given together'],
    [['--cert=', '--key=k'], {}, 'crowdstick: --cert must not be empty'],
    [
      ['--allow-origin', 'https://example.org/app'],
      {},
      'crowdstick: --allow-origin must be an origin such as https://example.org, got "https://example.org/app"',
    ],
    [
      ['--allow-origin', 'example.org'],
      {},
      'crowdstick: --allow-origin must be an origin such as https://example.org, got "example.org"',
    ],
    [['--allow-origin'], {}, 'crowdstick: --allow-origin needs a value'],
    [
      ['--max-phones', '0'],
      {},
      'crowdstick: --max-phones must be a whole number from 1 to 1000000, got "0"',
    ],
    [
      ['--phone-rate', '1.5'],
      {},
      'crowdstick: --phone-rate must be a whole number from 1 to 10000, got "1.5"',
    ],
    [
      ['--max-payload', '100'],
      {},
      'crowdstick: --max-payload must be a whole number from 256 to 1048576, got "100"',
    ],
    [
      ['--heartbeat', '0'],
      {},
      'crowdstick: --heartbeat must be a number of seconds from 0.05 to 3600, got "0"',
    ],
    [
      ['--headers-timeout', 'soon'],
      {},
      'crowdstick: --headers-timeout must be a number of seconds from 0.05 to 3600, got "soon"',
    ],
    [['--max-backlog'], {}, 'crowdstick: --max-backlog needs a value'],
    [
      ['--phone-buffer', '512'],
      {},
      'crowdstick: --phone-buffer must be a whole number from 1024 to 268435456, got "512"',
    ],
    [
      ['--connect-timeout', '-1'],
      {},
      'crowdstick: --connect-timeout must be a number of seconds from 0.05 to 3600, got "-1"',
    ],
    [['--port', '-1'], {}, 'crowdstick: --port must be an integer in 0..65535, got "-1"'],
    [
      ['--max-phones', '-5'],
      {},
      'crowdstick: --max-phones must be a whole number from 1 to 1000000, got "-5"',
    ],
    [['--port', '-h'], {}, 'crowdstick: --port needs a value'],
    [
      ['--host', '999.1.1.1'],
      {},
      'crowdstick: --host must be an IP address or a host name, got "999.1.1.1"',
    ],
    [
      ['--record-max-mb', '0'],
      {},
      'crowdstick: --record-max-mb must be a whole number from 1 to 1000000, got "0"',
    ],
    [
      ['--record-keep', 'all'],
      {},
      'crowdstick: --record-keep must be a whole number from 0 to 1000, got "all"',
    ],
    [['--record'], {}, 'crowdstick: --record needs a value'],
    [['--record='], {}, 'crowdstick: --record must not be empty'],
    [
      ['--osc-crowd', '121'],
      {},
      'crowdstick: --osc-crowd must be a whole number from 0 to 120, got "121"',
    ],
    [
      ['--kick-seconds', '-1'],
      {},
      'crowdstick: --kick-seconds must be a whole number from 0 to 86400, got "-1"',
    ],
    [
      ['--kick-seconds', '86401'],
      {},
      'crowdstick: --kick-seconds must be a whole number from 0 to 86400, got "86401"',
    ],
    [
      ['--public-url', 'play.example.org'],
      {},
      'crowdstick: --public-url must be an absolute http:// or https:// URL, such as https://play.example.org/, got "play.example.org"',
    ],
    [
      ['--public-url', 'ftp://play.example.org/'],
      {},
      'crowdstick: --public-url must be an absolute http:// or https:// URL, such as https://play.example.org/, got "ftp://play.example.org/"',
    ],
    [
      ['--public-url', '/join'],
      {},
      'crowdstick: --public-url must be an absolute http:// or https:// URL, such as https://play.example.org/, got "/join"',
    ],
    [
      ['--connect-timeout', '0'],
      {},
      'crowdstick: --connect-timeout must be a number of seconds from 0.05 to 3600, got "0"',
    ],
    [
      ['--listen-backlog', '70000'],
      {},
      'crowdstick: --listen-backlog must be a whole number from 1 to 65535, got "70000"',
    ],
    [
      ['--app-dir', 'no/such/folder'],
      {},
      'crowdstick: --app-dir must be a folder, got "no/such/folder"',
    ],
    [
      ['--app-dir', 'package.json'],
      {},
      'crowdstick: --app-dir must be a folder, got "package.json"',
    ],
    [
      ['--no-app', '--app-dir', 'dist'],
      {},
      'crowdstick: --app-dir and --no-app cannot be given together',
    ],
    [
      ['--osc', '9000'],
      {},
      'crowdstick: --osc must be HOST:PORT (e.g. 127.0.0.1:9000 or [::1]:9000), got "9000"',
    ],
    [
      ['--osc', 'localhost:0'],
      {},
      'crowdstick: --osc port must be an integer in 1..65535, got "0"',
    ],
    [['--osc'], {}, 'crowdstick: --osc needs a value'],
    [
      ['--osc-in', 'here'],
      {},
      'crowdstick: --osc-in must be PORT or HOST:PORT (e.g. 9001 or 0.0.0.0:9001), got "here"',
    ],
    [['--nope'], {}, 'crowdstick: unknown option "--nope" (see --help)'],
    [['-x'], {}, 'crowdstick: unknown option "-x" (see --help)'],
    [['9000'], {}, 'crowdstick: unexpected argument "9000" (see --help)'],
  ])('rejects %j (env %j) with the exact message', (argv, env, message) => {
    expect(() => parseOptions(argv, env)).toThrow(new Error(message));
  });

  it.each(valued.map((entry) => entry.flag))('says that --%s needs a value', (flag) => {
    expect(() => parseOptions([`--${flag}`], {})).toThrow(
      new Error(`crowdstick: --${flag} needs a value`),
    );
  });

  it.each(switches.map((entry) => entry.flag))('says that --%s takes no value', (flag) => {
    expect(() => parseOptions([`--${flag}=1`], {})).toThrow(
      new Error(`crowdstick: --${flag} takes no value`),
    );
  });

  it('gives each parse lists of its own, not the arrays of the defaults', () => {
    const options = parseOptions([], {});
    expect(options.osc).not.toBe(DEFAULT_OPTIONS.osc);
    expect(options.installationFrom).not.toBe(DEFAULT_OPTIONS.installationFrom);
    expect(options.allowOrigins).not.toBe(DEFAULT_OPTIONS.allowOrigins);
  });
});

describe('USAGE', () => {
  const lines = USAGE.split('\n');
  /** The line that names a flag, and the lines that go on with its help. */
  const helpOf = (label: string) => {
    const start = lines.findIndex((line) => line.startsWith(`  ${label} `));
    const end = lines.findIndex((line, i) => i > start && !line.startsWith(' '.repeat(30)));
    return start === -1 ? '' : lines.slice(start, end).join(' ').replace(/\s+/g, ' ');
  };

  it('names every flag of the option table with its value', () => {
    for (const entry of OPTION_TABLE) {
      const flag =
        entry.short === undefined ? `--${entry.flag}` : `-${entry.short}, --${entry.flag}`;
      expect(USAGE).toContain(
        entry.placeholder === undefined ? `  ${flag} ` : `${flag} ${entry.placeholder} `,
      );
    }
  });

  it('gives the defaults in the flags’ own units, and the variables read', () => {
    expect(helpOf('--port N')).toContain('(default: 8080, env PORT)');
    expect(helpOf('--token TOKEN')).toContain('(env CROWDSTICK_TOKEN)');
    expect(helpOf('--heartbeat SECONDS')).toContain('(default: 30)');
    expect(helpOf('--max-payload BYTES')).toContain('(default: 8192)');
    expect(helpOf('--record-max-mb N')).toContain('(default: 100)');
    expect(helpOf('--app-dir DIR')).toContain('(default: dist/app)');
    expect(helpOf('--listen-backlog N')).toContain('(default: --max-phones, at least 511)');
    expect(helpOf('--https')).toMatch(/self-signed certificate made at start$/);
  });

  it('says which flags may be repeated', () => {
    for (const label of [
      '--installation-from ADDRESS',
      '--allow-origin ORIGIN',
      '--osc HOST:PORT',
    ]) {
      expect(helpOf(label)).toContain('may be repeated');
    }
    expect(helpOf('--osc-in [HOST:]PORT')).not.toContain('may be repeated');
  });

  it('shows the certificate and its key on one line', () => {
    expect(helpOf('--cert FILE --key FILE')).toContain('PEM certificate and key');
  });

  it('fits every line in 100 columns', () => {
    expect(lines.filter((line) => line.length > 100)).toEqual([]);
  });
});
