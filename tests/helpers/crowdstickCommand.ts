import { spawn } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** How the command ended, and what it printed. */
export interface CommandRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the built `crowdstick` command (dist/relay/cli, which npm test builds)
 * as a user would; `signal` is sent `afterMs` after the start, as a Ctrl-C.
 */
export function crowdstick(
  args: string[],
  signal?: { name: NodeJS.Signals; afterMs: number },
): Promise<CommandRun> {
  const child = spawn(process.execPath, ['dist/relay/cli/crowdstick.js', ...args], {
    cwd: PACKAGE_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  if (signal) setTimeout(() => child.kill(signal.name), signal.afterMs);
  return new Promise((done) => child.once('close', (code) => done({ code, stdout, stderr })));
}
