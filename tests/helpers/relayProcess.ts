import { spawn } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** /healthz's answer, typed loosely: a test reads the counters it knows. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Health = Record<string, any>;

/** A relay running as a real child process, as `npm start` runs it. */
export interface RelayProcess {
  port: number;
  /** The relay's process id (start.mjs runs the relay in its own process), e.g. to read its memory. */
  pid: number;
  /** `http://127.0.0.1:N`, without a trailing slash. */
  httpUrl: string;
  /** `ws://127.0.0.1:N/ws`, where phones connect. */
  phoneSocketUrl: string;
  /** `ws://127.0.0.1:N/`, where installations connect. */
  installationUrl: string;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /**
   * Resolves once the output contains `expected`. A log line travels through a
   * pipe, so it may arrive after a WebSocket frame the relay sent later.
   */
  waitForOutput(expected: string | RegExp, timeoutMs?: number): Promise<void>;
  /** GET /healthz, parsed: the open sockets and the relay's counters. */
  health(): Promise<Health>;
  /**
   * Polls /healthz until `check` holds, and resolves with that answer; rejects
   * with the last answer after `timeoutMs` (default 5 s).
   */
  waitForHealth(check: (health: Health) => boolean, timeoutMs?: number): Promise<Health>;
  /** Resolves once the process has exited, however it was stopped. */
  readonly exited: Promise<void>;
  /** Sends SIGTERM and resolves once the process has exited. */
  stop(): Promise<void>;
}

const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 10_000;
const LISTENING = /listening on port (\d+)/;

/** How the process itself is started. */
export interface ProcessLimits {
  /** The open-file limit (soft and hard, so Node cannot raise it), set with util-linux's prlimit. */
  fileLimit?: number;
}

/**
 * Starts `node scripts/start.mjs --port 0 --host 127.0.0.1 ...args` and resolves
 * once it prints its listening line; rejects with its output if it exits first
 * or takes longer than 30 s. Later `args` override the defaults.
 */
export function startRelayProcess(
  args: string[] = [],
  env: Record<string, string> = {},
  { fileLimit }: ProcessLimits = {},
): Promise<RelayProcess> {
  const command = [process.execPath, 'scripts/start.mjs', '--port', '0', '--host', '127.0.0.1'];
  // prlimit execs the command, so the pid stays the relay's.
  const argv =
    fileLimit === undefined
      ? [...command, ...args]
      : ['prlimit', `--nofile=${fileLimit}:${fileLimit}`, '--', ...command, ...args];
  const child = spawn(argv[0]!, argv.slice(1), {
    cwd: PACKAGE_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let exited = false;
  const outputListeners = new Set<() => void>();
  const append = (chunk: Buffer): void => {
    output += chunk.toString();
    for (const listener of [...outputListeners]) listener();
  };

  const waitForOutput = (expected: string | RegExp, timeoutMs = 5000): Promise<void> =>
    new Promise((resolveWait, rejectWait) => {
      const matches = (): boolean =>
        typeof expected === 'string' ? output.includes(expected) : expected.test(output);
      const check = (): void => {
        if (!matches()) return;
        clearTimeout(timer);
        outputListeners.delete(check);
        resolveWait();
      };
      const timer = setTimeout(() => {
        outputListeners.delete(check);
        rejectWait(
          new Error(`The relay did not print ${expected} within ${timeoutMs} ms:\n${output}`),
        );
      }, timeoutMs);
      outputListeners.add(check);
      check();
    });
  const exit = new Promise<void>((resolveExit) =>
    // 'close', not 'exit': by then the output pipes are drained too.
    child.once('close', () => {
      exited = true;
      resolveExit();
    }),
  );

  const stop = async (): Promise<void> => {
    if (exited) return;
    child.kill('SIGTERM');
    const killLater = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await exit;
    clearTimeout(killLater);
  };

  return new Promise((resolveStart, rejectStart) => {
    let started = false;
    const fail = (why: string): void => {
      clearTimeout(timer);
      void stop();
      rejectStart(new Error(`The relay ${why}. Its output:\n${output}`));
    };
    const timer = setTimeout(
      () => fail(`did not start within ${START_TIMEOUT_MS / 1000} s`),
      START_TIMEOUT_MS,
    );
    const onEarlyExit = (code: number | null, signal: NodeJS.Signals | null): void =>
      fail(`exited (code ${code}, signal ${signal})`);
    child.once('close', onEarlyExit);
    child.stderr.on('data', append);
    child.stdout.on('data', (chunk: Buffer) => {
      append(chunk);
      const port = LISTENING.exec(output)?.[1];
      if (started || port === undefined) return;
      started = true;
      clearTimeout(timer);
      const health = async () => (await fetch(`http://127.0.0.1:${port}/healthz`)).json();
      child.off('close', onEarlyExit);
      resolveStart({
        port: Number(port),
        pid: child.pid!,
        httpUrl: `http://127.0.0.1:${port}`,
        phoneSocketUrl: `ws://127.0.0.1:${port}/ws`,
        installationUrl: `ws://127.0.0.1:${port}/`,
        output: () => output,
        waitForOutput,
        health,
        waitForHealth: async (check, timeoutMs = 5000) => {
          const deadline = Date.now() + timeoutMs;
          let answer = await health();
          while (!check(answer)) {
            if (Date.now() > deadline) throw new Error(`/healthz stayed ${JSON.stringify(answer)}`);
            await new Promise((wait) => setTimeout(wait, 20));
            answer = await health();
          }
          return answer;
        },
        exited: exit,
        stop,
      });
    });
  });
}
