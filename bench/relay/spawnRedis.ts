import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@redis/client';

/** A redis-server of the benchmark's own, for the cluster's arms. */
export interface BenchRedis {
  pid: number;
  /** `redis://127.0.0.1:PORT`, for `--redis`. */
  url: string;
  /** How many PUBLISH commands it has run so far, from its own `INFO commandstats`. */
  publishes(): Promise<number>;
  stop(): Promise<void>;
}

/** Debian's; REDIS_SERVER_PATH names another, as for the tests. */
export const REDIS_SERVER = process.env.REDIS_SERVER_PATH ?? '/usr/bin/redis-server';
const READY = 'Ready to accept connections';
const PORT_TAKEN = 'Address already in use';
const START_MS = 10_000;
/** Another process may take the free port between the probe and Redis's bind. */
const ATTEMPTS = 5;

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

/** `calls` of PUBLISH in an `INFO commandstats` answer; 0 before the first. */
export function publishCalls(info: string): number {
  return Number(/^cmdstat_publish:calls=(\d+)/m.exec(info)?.[1] ?? 0);
}

/** Runs redis-server on `port` with nothing written to disk; resolves once it is ready, or with null if the port was taken. */
function launch(port: number, dir: string): Promise<BenchRedis | null> {
  const args = [
    ...['--port', String(port), '--bind', '127.0.0.1'],
    // A fresh server for every run, empty as it starts: no slot table or presence left from the last.
    ...['--save', '', '--appendonly', 'no', '--dir', dir],
    ...['--daemonize', 'no', '--logfile', ''],
  ];
  // setpriv (util-linux) gives Redis a parent-death signal, so that a bench that dies leaves none behind.
  const child = spawn('setpriv', ['--pdeathsig', 'SIGKILL', '--', REDIS_SERVER, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const url = `redis://127.0.0.1:${port}`;
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`redis-server did not start within ${START_MS} ms:\n${output}`));
    }, START_MS);
    const onOutput = (chunk: Buffer): void => {
      output += chunk.toString();
      if (!output.includes(READY)) return;
      clearTimeout(timer);
      child.off('exit', onEarlyExit);
      resolve({
        // setpriv execs, so its pid is Redis's.
        pid: child.pid!,
        url,
        publishes: async () => {
          const client = createClient({ url, socket: { reconnectStrategy: false } });
          client.on('error', () => {}); // the rejection says it
          try {
            await client.connect();
            return publishCalls(await client.info('commandstats'));
          } finally {
            client.destroy();
          }
        },
        stop: async () => {
          child.kill('SIGTERM');
          await exited;
        },
      });
    };
    child.stdout.on('data', onOutput);
    child.stderr.on('data', onOutput);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`${REDIS_SERVER} could not be run: ${error.message}`));
    });
    const onEarlyExit = (code: number | null, signal: NodeJS.Signals | null): void => {
      clearTimeout(timer);
      if (output.includes(PORT_TAKEN)) resolve(null);
      else
        reject(
          new Error(`redis-server exited (${signal ?? code}) before it was ready:\n${output}`),
        );
    };
    child.once('exit', onEarlyExit);
  });
}

/**
 * Starts redis-server on a free port of 127.0.0.1, without persistence, in a
 * temporary directory that `stop()` removes; resolves once it is ready.
 */
export async function spawnRedis(): Promise<BenchRedis> {
  const dir = mkdtempSync(join(tmpdir(), 'crowdstick-bench-redis-'));
  try {
    for (let attempt = 1; attempt <= ATTEMPTS; attempt += 1) {
      const redis = await launch(await freePort(), dir);
      if (!redis) continue;
      return {
        ...redis,
        stop: async () => {
          await redis.stop();
          rmSync(dir, { recursive: true, force: true });
        },
      };
    }
    throw new Error(`redis-server found its port taken ${ATTEMPTS} times in a row`);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
