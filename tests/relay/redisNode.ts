import { spawn } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createPresence } from '../../server/cluster/presence';
import { createRedisBroker } from '../../server/cluster/redisBroker';
import { createRedisClient } from '../../server/cluster/redisClient';

/**
 * A relay node's Redis side (its broker and its presence) alone, in a process
 * of its own, so that a test can kill it with -9 or see that it exits by
 * itself once closed. A test calls `startRedisNode`; the child runs this file
 * through Vite's module runner, which takes TypeScript as the tests do.
 */
export interface RedisNodeSettings {
  url: string;
  node: string;
  prefix: string;
  channel: string;
  ttlMs: number;
  refreshMs: number;
  /**
   * `stay`: runs until killed. `close`: once its own message came back
   * through Redis, closes everything. `close-when-down`: closes everything
   * once it lost Redis.
   */
  then: 'stay' | 'close' | 'close-when-down';
}

/** A node process; what it prints on stdout is one word a line: `up`, `heard`, `closed`. */
export interface RedisNodeProcess {
  readonly pid: number;
  output(): string;
  /** Resolves once the node printed `line`; rejects with its output if it exits first or after `timeoutMs`. */
  waitForLine(line: string, timeoutMs?: number): Promise<void>;
  /** How the process ended, however it was stopped. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGKILL, as a crash would (a no-op once it exited); resolves once it has exited. */
  kill(): Promise<void>;
}

const SETTINGS = 'CROWDSTICK_REDIS_NODE';
const FILE = 'CROWDSTICK_REDIS_NODE_FILE';
const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const BOOT = `import { runnerImport } from 'vite';
await runnerImport(process.env.${FILE}, { configFile: false, logLevel: 'silent' });`;

export function startRedisNode(settings: RedisNodeSettings): RedisNodeProcess {
  // setpriv's parent-death signal: a test process that dies leaves no node behind. It execs, so the pid is Node's.
  const child = spawn(
    'setpriv',
    ['--pdeathsig', 'SIGKILL', '--', process.execPath, '--input-type=module', '-e', BOOT],
    {
      cwd: PACKAGE_ROOT,
      env: {
        ...process.env,
        [SETTINGS]: JSON.stringify(settings),
        [FILE]: fileURLToPath(import.meta.url),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let output = '';
  const listeners = new Set<() => void>();
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.once('exit', (code, signal) => done({ code, signal })),
  );
  let ended = false;
  void exited.then(() => {
    ended = true;
    for (const listener of [...listeners]) listener();
  });
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    output += chunk.toString();
    for (const listener of [...listeners]) listener();
  });
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return {
    pid: child.pid ?? -1,
    output: () => output,
    exited,
    async kill() {
      if (!ended) child.kill('SIGKILL');
      await exited;
    },
    waitForLine(line, timeoutMs = 20_000) {
      return new Promise((done, fail) => {
        const check = (): void => {
          if (stdout.split('\n').includes(line)) finish();
          else if (ended) finish(new Error(`the node exited before printing ${line}:\n${output}`));
        };
        const timer = setTimeout(
          () => finish(new Error(`the node did not print ${line} in ${timeoutMs} ms:\n${output}`)),
          timeoutMs,
        );
        const finish = (error?: Error): void => {
          clearTimeout(timer);
          listeners.delete(check);
          if (error) fail(error);
          else done();
        };
        listeners.add(check);
        check();
      });
    },
  };
}

/** The child's side. Nothing here calls process.exit: the process must end because nothing is left open. */
function run(settings: RedisNodeSettings): void {
  const say = (line: string): void => void process.stdout.write(`${line}\n`);
  const client = createRedisClient({ url: settings.url }, () => {});
  // Resolves once Redis answers; the presence's rounds before that fail and judge nothing.
  client.connect().catch(() => {});
  const presence = createPresence({
    client,
    node: settings.node,
    prefix: settings.prefix,
    ttlMs: settings.ttlMs,
    refreshMs: settings.refreshMs,
    report: () => ({ phones: 3, installations: 1, users: 3 }),
    gone: () => {},
  });
  const hello = `hello from ${settings.node}`;
  let closing = false;
  const close = async (): Promise<void> => {
    if (closing) return;
    closing = true;
    await Promise.all([broker.close(), presence.stop()]);
    client.destroy();
    say('closed');
  };
  const broker = createRedisBroker(
    { url: settings.url, channel: settings.channel, warn: (line) => console.error(line) },
    {
      message(text) {
        if (text !== hello) return;
        say('heard');
        if (settings.then === 'close') void close();
      },
      up() {
        say('up');
        broker.publish(hello);
      },
      down() {
        if (settings.then === 'close-when-down') void close();
      },
    },
  );
}

const given = process.env[SETTINGS];
if (given !== undefined) run(JSON.parse(given) as RedisNodeSettings);
