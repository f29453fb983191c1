import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const LISTENING = /listening on port (\d+)/;

/** Starts `command args` in the package, resolving once the relay below it prints its port. */
function start(command: string, args: string[]): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(command, args, { cwd: PACKAGE_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolveStart, rejectStart) => {
    const collect = (chunk: Buffer): void => {
      output += chunk.toString();
      const port = LISTENING.exec(output)?.[1];
      if (port !== undefined) resolveStart({ child, port: Number(port) });
    };
    child.stdout!.on('data', collect);
    child.stderr!.on('data', collect);
    child.once('close', (code) => rejectStart(new Error(`exited with ${code}:\n${output}`)));
  });
}

/** Every process below `pid`, read from /proc. */
function descendants(pid: number): number[] {
  let children: number[];
  try {
    const text = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
    children = text === '' ? [] : text.split(' ').map(Number);
  } catch {
    return [];
  }
  return children.flatMap((child) => [child, ...descendants(child)]);
}

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Whether the port can be bound again, that is, nothing holds it. */
const portIsFree = (port: number): Promise<boolean> =>
  new Promise((resolveFree) => {
    const probe = createServer();
    probe.once('error', () => resolveFree(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolveFree(true)));
  });

/** Polls until `check` holds, for at most `ms` (the relay looks at its parent once a second). */
async function eventually(check: () => boolean | Promise<boolean>, ms = 5000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((wait) => setTimeout(wait, 50));
  }
  return check();
}

const exitOf = (child: ChildProcess) =>
  new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolveExit) =>
    child.once('exit', (code, signal) => resolveExit({ code, signal })),
  );

describe('stopping `node scripts/start.mjs`', () => {
  it.each(['SIGTERM', 'SIGINT', 'SIGHUP'] as const)(
    'on %s: stops gracefully with code 0 and frees the port',
    async (signal) => {
      const { child, port } = await start(process.execPath, [
        'scripts/start.mjs',
        '--port',
        '0',
        '--host',
        '127.0.0.1',
      ]);
      const exited = exitOf(child);
      child.kill(signal);
      expect(await exited).toEqual({ code: 0, signal: null });
      expect(await portIsFree(port)).toBe(true);
    },
  );
});

describe('stopping `npm start`, which runs the relay under sh -c', () => {
  it.each(['SIGTERM', 'SIGKILL'] as const)(
    'on %s to npm: no relay process remains and the port is free within a few seconds',
    async (signal) => {
      const { child, port } = await start('npm', [
        'start',
        '--',
        '--port',
        '0',
        '--host',
        '127.0.0.1',
      ]);
      const below = descendants(child.pid!);
      // npm, then sh, then the relay's node.
      expect(below.length).toBeGreaterThanOrEqual(2);
      child.kill(signal);
      expect(await eventually(() => below.every((pid) => !isAlive(pid)))).toBe(true);
      expect(await eventually(() => portIsFree(port))).toBe(true);
    },
  );
});
