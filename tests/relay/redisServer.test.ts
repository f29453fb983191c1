import { existsSync } from 'node:fs';
import { createClient, type RedisClientType } from '@redis/client';
import { afterEach, describe, expect, it } from 'vitest';
import { startRedisServer, type RedisServer } from '../helpers/redisServer';

const servers: RedisServer[] = [];
const clients: RedisClientType[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  await Promise.all(servers.splice(0).map((server) => server.stop()));
});

async function start(): Promise<RedisServer> {
  const server = await startRedisServer();
  servers.push(server);
  return server;
}

/** A plain client with node-redis's own reconnecting. */
async function connect(url: string): Promise<RedisClientType> {
  const client: RedisClientType = createClient({ url });
  client.on('error', () => {}); // a restart makes it fail a few reconnect attempts
  clients.push(client);
  await client.connect();
  return client;
}

/** Whether a process with this id exists; signal 0 only checks. */
function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

describe('a redis-server for tests', () => {
  it('listens on 127.0.0.1 on a port of its own and answers PING', async () => {
    const server = await start();
    expect(server.url).toBe(`redis://127.0.0.1:${server.port}`);
    expect(server.port).toBeGreaterThan(0);
    expect(processExists(server.pid)).toBe(true);
    const client = await connect(server.url);
    expect(await client.ping()).toBe('PONG');
  });

  it('reads back a value that was set', async () => {
    const client = await connect((await start()).url);
    await client.set('crowdstick:test', 'player 3');
    expect(await client.get('crowdstick:test')).toBe('player 3');
  });

  it('runs with no persistence and no config file', async () => {
    const client = await connect((await start()).url);
    expect(await client.configGet('save')).toEqual({ save: '' });
    expect(await client.configGet('appendonly')).toEqual({ appendonly: 'no' });
    const info = await client.info('server');
    expect(info).toMatch(/config_file:\r?\n/);
  });

  it('gives two servers at once two ports', async () => {
    const [first, second] = await Promise.all([start(), start()]);
    expect(first.port).not.toBe(second.port);
    const [a, b] = await Promise.all([connect(first.url), connect(second.url)]);
    await a.set('which', 'first');
    expect(await b.get('which')).toBeNull();
  });

  it('restarts on the same port, empty, and a client that was connected reconnects', async () => {
    const server = await start();
    const client = await connect(server.url);
    await client.set('before', 'restart');
    const { pid, url } = server;

    const reconnected = new Promise<void>((resolve) => client.once('ready', () => resolve()));
    await server.restart();
    expect(server.url).toBe(url);
    expect(server.pid).not.toBe(pid);
    expect(processExists(pid)).toBe(false);
    await reconnected;
    expect(await client.get('before')).toBeNull();
    await client.set('after', 'restart');
    expect(await client.get('after')).toBe('restart');
  });

  it('comes back on the same port after a kill', async () => {
    const server = await start();
    const { pid } = server;
    await server.kill();
    expect(processExists(pid)).toBe(false);
    await server.restart();
    const client = await connect(server.url);
    expect(await client.ping()).toBe('PONG');
  });

  it('answers nothing while paused, and again once resumed', async () => {
    const server = await start();
    const client = await connect(server.url);
    server.pause();
    let answered = false;
    const answer = client.ping().then((reply) => {
      answered = true;
      return reply;
    });
    // A round trip to a running local Redis takes well under this; a paused one never answers.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(answered).toBe(false);
    server.resume();
    expect(await answer).toBe('PONG');
  });

  it('leaves no process and no directory once stopped', async () => {
    const server = await startRedisServer();
    const { pid } = server;
    const dir = (await (await connect(server.url)).configGet('dir')).dir;
    expect(dir && existsSync(dir)).toBe(true);
    await server.stop();
    expect(processExists(pid)).toBe(false);
    expect(existsSync(`/proc/${pid}`)).toBe(false);
    expect(existsSync(dir!)).toBe(false);
  });

  it('stops a paused server too', async () => {
    const server = await startRedisServer();
    const { pid } = server;
    server.pause();
    await server.stop();
    expect(processExists(pid)).toBe(false);
  });
});
