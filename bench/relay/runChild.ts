import { spawn } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));

/**
 * Runs one of the bench's own scripts in a process of its own, so its CPU is
 * not the relay's, and resolves with the JSON line it prints last.
 */
export function runChild<T>(script: string, input: unknown): Promise<T> {
  const child = spawn(process.execPath, [resolve(HERE, script), JSON.stringify(input)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolveRun, rejectRun) => {
    child.once('exit', (code) => {
      const last = output.trim().split('\n').at(-1) ?? '';
      if (code === 0) resolveRun(JSON.parse(last) as T);
      else rejectRun(new Error(`${script} exited with ${code}: ${output}`));
    });
  });
}
