import { spawn } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Which relay a benchmark runs against. */
export type RelayKind = 'crowdstick' | 'baseline';

export interface BenchRelay {
  kind: RelayKind;
  pid: number;
  port: number;
  stop(): Promise<void>;
}

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
const SCRIPTS: Record<RelayKind, string> = {
  crowdstick: resolve(ROOT, 'dist/relay/server/main.js'),
  baseline: resolve(ROOT, 'dist/bench/bench/relay/baselineRelay.js'),
};

/**
 * Starts a relay in a process of its own, so its CPU and memory can be read
 * from the OS; `extraArgs` go on Crowdstick's command line. It is ready at the
 * first line matching `ready`, whose first group is the port.
 */
export function spawnRelay(
  kind: RelayKind,
  extraArgs: string[] = [],
  ready = /listening on port (\d+)/,
): Promise<BenchRelay> {
  const args = kind === 'crowdstick' ? ['--port', '0', '--host', '127.0.0.1', ...extraArgs] : [];
  const child = spawn(process.execPath, [SCRIPTS[kind], ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  return new Promise((resolveStart, rejectStart) => {
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = ready.exec(output);
      if (!match || child.pid === undefined) return;
      child.stdout.removeAllListeners('data');
      child.stdout.resume();
      resolveStart({
        kind,
        pid: child.pid,
        port: Number(match[1]),
        stop: async () => {
          child.kill('SIGTERM');
          await exited;
        },
      });
    });
    child.once('exit', (code) =>
      rejectStart(new Error(`${kind} relay exited (${code}): ${output}`)),
    );
  });
}
