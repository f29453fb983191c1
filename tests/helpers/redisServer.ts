import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@redis/client';
import { afterAll, beforeAll } from 'vitest';

/** A real `redis-server` (Debian's), started for a test and stopped by it. */
export interface RedisServer {
  /** `redis://127.0.0.1:PORT`; the same after a restart. */
  readonly url: string;
  readonly port: number;
  /** The process id of the server running now (a restart changes it). */
  readonly pid: number;
  /** What the running server has logged so far. */
  output(): string;
  /** SIGTERM, then SIGKILL after a grace; resolves once the process has exited and its directory is gone. */
  stop(): Promise<void>;
  /** SIGKILL, as a crash would; resolves once the process has exited. `restart()` brings it back. */
  kill(): Promise<void>;
  /** Stops the server if it runs, then starts a fresh one on the same port, with no data; resolves once it answers PING. */
  restart(): Promise<void>;
  /** SIGSTOP: the server keeps its sockets but answers nothing, like a Redis behind a network gone silent. */
  pause(): void;
  /** SIGCONT, after `pause()`. */
  resume(): void;
}

const REDIS_SERVER = process.env.REDIS_SERVER_PATH ?? '/usr/bin/redis-server';
const START_TIMEOUT_MS = 10_000;
const STOP_GRACE_MS = 5_000;
/** Another process may take a free port between our probe and Redis's bind. */
const START_ATTEMPTS = 5;
const READY = 'Ready to accept connections';
const PORT_TAKEN = 'Address already in use';

/** A TCP port on 127.0.0.1 that nobody listens on now; Redis does not take port 0. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', resolve);
  });
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** One run of redis-server. */
interface Run {
  child: ChildProcess;
  pid: number;
  output: string;
  exited: Promise<void>;
  running: boolean;
}

/** Why a run ended before it was ready. */
class StartFailure extends Error {
  constructor(
    message: string,
    readonly portTaken: boolean,
  ) {
    super(message);
  }
}

function launch(port: number, dir: string): Promise<Run> {
  const args = [
    ...['--port', String(port), '--bind', '127.0.0.1'],
    // Nothing is written to disk: a restart starts empty, as a Redis without persistence does.
    ...['--save', '', '--appendonly', 'no', '--dir', dir],
    ...['--daemonize', 'no', '--logfile', ''],
  ];
  // setpriv (util-linux) gives the server a parent-death signal, so that a test
  // process that dies leaves no redis-server behind; it execs, so the pid is Redis's.
  const child = spawn('setpriv', ['--pdeathsig', 'SIGKILL', '--', REDIS_SERVER, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const run: Run = {
    child,
    pid: child.pid ?? -1,
    output: '',
    exited: new Promise((resolve) => child.once('exit', () => resolve())),
    running: true,
  };
  void run.exited.then(() => (run.running = false));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new StartFailure(
          `redis-server did not start within ${START_TIMEOUT_MS} ms:\n${run.output}`,
          false,
        ),
      );
    }, START_TIMEOUT_MS);
    const append = (chunk: Buffer): void => {
      run.output += chunk.toString();
      if (!run.output.includes(READY)) return;
      clearTimeout(timer);
      resolve(run);
    };
    child.stdout!.on('data', append);
    child.stderr!.on('data', append);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new StartFailure(`redis-server could not be run: ${error.message}`, false));
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(
        new StartFailure(
          `redis-server exited (code ${code}, signal ${signal}) before it was ready:\n${run.output}`,
          run.output.includes(PORT_TAKEN),
        ),
      );
    });
  });
}

/** Resolves once the server at `url` answers PING, through the same client the relay uses. */
async function ping(url: string): Promise<void> {
  const client = createClient({ url, socket: { reconnectStrategy: false } });
  client.on('error', () => {}); // the rejection below says it
  try {
    await client.connect();
    const answer = await client.ping();
    if (answer !== 'PONG') throw new Error(`redis-server answered PING with ${answer}`);
  } finally {
    client.destroy();
  }
}

function signal(run: Run, name: NodeJS.Signals): void {
  if (!run.running) return;
  try {
    process.kill(run.pid, name);
  } catch (error) {
    // Gone between the check and the signal: nothing to do.
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

async function halt(run: Run): Promise<void> {
  signal(run, 'SIGTERM');
  signal(run, 'SIGCONT'); // a paused server takes its SIGTERM only once it runs again
  const killLater = setTimeout(() => signal(run, 'SIGKILL'), STOP_GRACE_MS);
  await run.exited;
  clearTimeout(killLater);
}

/**
 * Starts redis-server on a free port of 127.0.0.1, with no config file and
 * no persistence, in a temporary directory of its own; resolves once it
 * answers PING. Call `stop()` when done, also after `kill()`.
 */
export async function startRedisServer(): Promise<RedisServer> {
  const dir = mkdtempSync(join(tmpdir(), 'crowdstick-redis-'));
  let run: Run | undefined;
  let port = 0;
  try {
    for (let attempt = 1; run === undefined; attempt++) {
      port = await freePort();
      try {
        run = await launch(port, dir);
      } catch (error) {
        if (!(error instanceof StartFailure && error.portTaken) || attempt === START_ATTEMPTS)
          throw error;
      }
    }
    await ping(`redis://127.0.0.1:${port}`);
  } catch (error) {
    if (run) await halt(run);
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }

  let current: Run = run;
  const url = `redis://127.0.0.1:${port}`;
  return {
    url,
    port,
    get pid() {
      return current.pid;
    },
    output: () => current.output,
    async stop() {
      await halt(current);
      rmSync(dir, { recursive: true, force: true });
    },
    async kill() {
      signal(current, 'SIGKILL');
      await current.exited;
    },
    async restart() {
      await halt(current);
      // The port was ours a moment ago; another process may have taken it since, so try a few times.
      for (let attempt = 1; ; attempt++) {
        try {
          current = await launch(port, dir);
          break;
        } catch (error) {
          if (!(error instanceof StartFailure && error.portTaken) || attempt === START_ATTEMPTS)
            throw error;
          await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
        }
      }
      await ping(url);
    },
    pause() {
      signal(current, 'SIGSTOP');
    },
    resume() {
      signal(current, 'SIGCONT');
    },
  };
}

/**
 * A redis-server for a whole test file: started before its first test and
 * stopped after its last. The object stands for the server from then on.
 */
export function redisForFile(): RedisServer {
  let server: RedisServer | undefined;
  beforeAll(async () => {
    server = await startRedisServer();
  });
  afterAll(async () => {
    await server?.stop();
  });
  const running = (): RedisServer => {
    if (server === undefined) throw new Error('the Redis server starts before the first test');
    return server;
  };
  return {
    get url() {
      return running().url;
    },
    get port() {
      return running().port;
    },
    get pid() {
      return running().pid;
    },
    output: () => running().output(),
    stop: () => running().stop(),
    kill: () => running().kill(),
    restart: () => running().restart(),
    pause: () => running().pause(),
    resume: () => running().resume(),
  };
}
