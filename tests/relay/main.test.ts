import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { lanAddress } from '../helpers/lanAddress';
import { startRelayProcess } from '../helpers/relayProcess';
import { openClient } from '../helpers/wsClient';

const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node scripts/start.mjs ...args`; `whenListening` runs once it prints its listening line. */
function runCli(args: string[], whenListening?: (kill: () => void) => void): Promise<Run> {
  const child = spawn(process.execPath, ['scripts/start.mjs', ...args], { cwd: PACKAGE_ROOT });
  const run: Run = { code: null, stdout: '', stderr: '' };
  child.stderr.on('data', (chunk: Buffer) => (run.stderr += chunk.toString()));
  child.stdout.on('data', (chunk: Buffer) => {
    const before = run.stdout;
    run.stdout += chunk.toString();
    if (!/listening on port/.test(before) && /listening on port/.test(run.stdout)) {
      whenListening?.(() => child.kill('SIGTERM'));
    }
  });
  return new Promise((resolveRun) => child.on('close', (code) => resolveRun({ ...run, code })));
}

/** The last line a process wrote to stderr (a build, if one ran first, writes before it). */
const lastLine = (text: string) => text.trimEnd().split('\n').at(-1);

/** What main prints from its listening line on, without the terminal QR code. */
const startupLines = (output: string) =>
  output
    .slice(output.indexOf('Crowdstick relay listening'))
    .split('\n')
    .filter((line) => /^[A-Z]/.test(line));

describe('the command line', () => {
  it.each([
    [['--port', 'abc'], 'crowdstick: --port must be an integer in 0..65535, got "abc"'],
    [['--verbose'], 'crowdstick: unknown option "--verbose" (see --help)'],
    [
      ['--installation-from', 'x'],
      'crowdstick: --installation-from must be an IP address, got "x"',
    ],
    [['--port', '-1'], 'crowdstick: --port must be an integer in 0..65535, got "-1"'],
    [
      ['--host', '999.1.1.1'],
      'crowdstick: --host must be an IP address or a host name, got "999.1.1.1"',
    ],
  ])('exits with code 2 for %j, printing exactly the reason', async (args, message) => {
    const run = await runCli(args);
    expect(run.code).toBe(2);
    expect(lastLine(run.stderr)).toBe(message);
    expect(run.stdout).not.toContain('listening');
  });

  it('blames the host, not the port, for a bind address this machine does not have', async () => {
    // TEST-NET-3 (RFC 5737): never an address of this machine.
    const run = await runCli(['--port', '0', '--host', '203.0.113.7']);
    expect(run.code).toBe(1);
    expect(lastLine(run.stderr)).toBe(
      'crowdstick: cannot listen on host 203.0.113.7: no interface of this machine has that address (EADDRNOTAVAIL)',
    );
  });

  it('says "1 phone" when it turns a phone away at --max-phones 1', async () => {
    const relay = await startRelayProcess(['--max-phones', '1']);
    try {
      const inside = await openClient(relay.phoneSocketUrl);
      const turnedAway = await openClient(relay.phoneSocketUrl);
      expect((await turnedAway.closed).code).toBe(1013);
      await relay.waitForOutput(
        'crowdstick: turned a phone away: 1 phone already (--max-phones)\n',
      );
      await inside.close();
    } finally {
      await relay.stop();
    }
  });

  it('makes startRelayProcess reject with the output of a relay that exits', async () => {
    await expect(startRelayProcess(['--port', '99999'])).rejects.toThrow(
      /exited \(code 2, signal null\)[^]*crowdstick: --port must be an integer in 0\.\.65535, got "99999"/,
    );
  });

  it('prints the usage for --help and exits with code 0', async () => {
    const run = await runCli(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Usage: npm start -- \[options\]/);
    expect(run.stdout).toContain('--installation-from ADDRESS');
    for (const flag of ['--https', '--cert FILE --key FILE', '--no-app', '--allow-origin ORIGIN']) {
      expect(run.stdout).toContain(flag);
    }
  });

  it('prints where installations and phones connect, then stops on SIGTERM with code 0', async () => {
    const run = await runCli(['--port', '0', '--host', '127.0.0.1'], (kill) => kill());
    expect(run.code).toBe(0);
    const port = /listening on port (\d+)/.exec(run.stdout)?.[1];
    expect(startupLines(run.stdout)).toEqual([
      `Crowdstick relay listening on port ${port}`,
      `Installations: ws://127.0.0.1:${port}/`,
      `Phones: none on the LAN (bound to 127.0.0.1); this machine can open http://127.0.0.1:${port}/`,
      `QR code page: http://127.0.0.1:${port}/qr`,
      `Monitor (every phone live): http://127.0.0.1:${port}/monitor`,
      'Crowdstick relay stopping (SIGTERM)',
    ]);
  });

  it.skipIf(lanAddress === undefined)(
    'lists the phone URL on the LAN with a terminal QR code when listening on every interface',
    async () => {
      const run = await runCli(['--port', '0', '--token', 'Tok3n-value'], (kill) => kill());
      const port = /listening on port (\d+)/.exec(run.stdout)?.[1];
      const lines = startupLines(run.stdout);
      expect(lines.slice(0, 3)).toEqual([
        `Crowdstick relay listening on port ${port}`,
        `Installations: ws://localhost:${port}/`,
        'Installations on other machines: add ?token= with the configured token',
      ]);
      expect(lines).toContain(`Phones: http://${lanAddress}:${port}/`);
      // Its output is a pipe here, not a terminal: the URL line, and no code drawn in escapes.
      expect(run.stdout).not.toContain('▄');
      expect(run.stdout).not.toContain('\u001b[');
      expect(run.stdout + run.stderr).not.toContain('Tok3n');
    },
  );

  const hasScript = existsSync('/usr/bin/script');

  it.skipIf(!hasScript)(
    'draws the QR code of the public URL when its output is a terminal',
    async () => {
      // util-linux's script(1) gives the relay a pseudo-terminal and copies what it draws.
      const relayCommand = [
        process.execPath,
        'scripts/start.mjs',
        '--port',
        '0',
        '--host',
        '127.0.0.1',
        '--public-url',
        'http://play.example.org/',
      ].join(' ');
      const child = spawn('script', ['-qfec', relayCommand, '/dev/null'], { cwd: PACKAGE_ROOT });
      let output = '';
      const drawn = new Promise<void>((resolveDrawn) =>
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          if (output.includes('Phones: http://play.example.org/') && output.includes('▄▄▄▄▄▄▄')) {
            resolveDrawn();
          }
        }),
      );
      const closed = new Promise((resolveClosed) => child.on('close', resolveClosed));
      await drawn;
      child.kill('SIGTERM');
      await closed;
      expect(output).toContain('Phones: http://play.example.org/');
    },
  );
});
