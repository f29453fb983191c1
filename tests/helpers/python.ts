import { spawn } from 'node:child_process';

/**
 * Debian's Python, which has python3-websockets; a `python3` found first on
 * PATH (pyenv, a venv) may not. PYTHON names another.
 */
export const PYTHON = process.env.PYTHON ?? '/usr/bin/python3';

export interface Finished {
  code: number | null;
  /** stdout and stderr, interleaved as they arrived. */
  output: string;
}

/** Runs Python to the end and resolves with its exit code and output; kills it after `timeoutMs`. */
export function runPython(
  args: string[],
  {
    cwd,
    env = {},
    timeoutMs = 60_000,
  }: { cwd?: string; env?: Record<string, string>; timeoutMs?: number },
): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(PYTHON, args, {
      cwd,
      env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const append = (chunk: Buffer) => (output += chunk.toString());
    child.stdout.on('data', append);
    child.stderr.on('data', append);
    const timer = setTimeout(() => {
      output += `\n(killed after ${timeoutMs} ms)`;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`Could not run ${PYTHON} (set PYTHON to another): ${error.message}`));
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}
