import { createClient } from '@redis/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  REDIS_CONNECTION_DEFAULTS,
  createRedisClient,
  reconnectDelay,
  type RedisNodeClient,
} from '../../server/cluster/redisClient';
import { createClusterSlots, slotKeys, type ClusterSlots } from '../../server/cluster/slotScript';
import { redisForFile } from '../helpers/redisServer';
import { collectUncaught } from '../helpers/uncaught';

/** How a promise stands after `ms`: the bound only tells a hang from an answer. */
async function outcome(
  promise: Promise<unknown>,
  ms: number,
): Promise<'resolved' | 'rejected' | 'pending'> {
  let timer: NodeJS.Timeout | undefined;
  const pending = new Promise<'pending'>((resolve) => {
    timer = setTimeout(() => resolve('pending'), ms);
  });
  const settled = promise.then(
    () => 'resolved' as const,
    () => 'rejected' as const,
  );
  try {
    return await Promise.race([settled, pending]);
  } finally {
    clearTimeout(timer);
  }
}

const ready = (client: { isReady: boolean; once(event: 'ready', f: () => void): unknown }) =>
  client.isReady
    ? Promise.resolve()
    : new Promise<void>((resolve) => client.once('ready', resolve));

/** Long enough for a local Redis to answer many times over; a command left waiting is still pending after it. */
const ANSWER_MS = 1000;
/** A silent Redis is noticed after one unanswered PING and a socket timeout. */
const SILENCE_NOTICED_MS =
  REDIS_CONNECTION_DEFAULTS.pingIntervalMs + REDIS_CONNECTION_DEFAULTS.socketTimeoutMs + 2000;

const redis = redisForFile();
const clients: { destroy(): void }[] = [];
const errors: Error[] = [];
const uncaught = collectUncaught();

beforeEach(async () => {
  errors.length = 0;
  uncaught.length = 0;
  // A test may have left Redis down or paused; each starts with one that runs.
  await redis.restart();
});

afterEach(() => {
  for (const client of clients.splice(0)) client.destroy();
});

/** A node's client, connected. */
async function nodeClient(): Promise<RedisNodeClient> {
  const client = createRedisClient({ url: redis.url }, (error) => errors.push(error));
  clients.push(client);
  await client.connect();
  return client;
}

/** Resolves once `count` errors were raised, reported to the listener or not. */
async function errorsRaised(count: number): Promise<void> {
  await expect
    .poll(() => errors.length + uncaught.length, { timeout: 10_000 })
    .toBeGreaterThanOrEqual(count);
}

describe("a relay node's Redis client", () => {
  it('refuses a command at once while Redis is killed, instead of waiting for it to come back', async () => {
    const client = await nodeClient();
    await redis.kill();
    // The first command may still be written before the client sees the socket close.
    expect(await outcome(client.get('k'), ANSWER_MS)).toBe('rejected');
    await errorsRaised(1);
    await expect(client.get('k')).rejects.toThrow('The client is offline');
    expect(await outcome(client.publish('crowdstick:events', '{}'), ANSWER_MS)).toBe('rejected');
  });

  it("leaves a command waiting with node-redis's own defaults, which is why the node turns its offline queue off", async () => {
    const plain = createClient({ url: redis.url });
    plain.on('error', () => {});
    clients.push(plain);
    await plain.connect();
    await redis.kill();
    await new Promise<void>((resolve) => plain.once('reconnecting', resolve));
    expect(await outcome(plain.get('k'), ANSWER_MS)).toBe('pending');
  });

  it('reports every error to its listener and the process lives on', async () => {
    const client = await nodeClient();
    await redis.kill();
    await errorsRaised(1); // the lost socket
    expect(uncaught).toEqual([]);
    await errorsRaised(3); // and failed reconnect attempts, each one an 'error' event
    expect(uncaught).toEqual([]);
    await redis.restart();
    await ready(client);
    expect(await client.ping()).toBe('PONG');
    expect(uncaught).toEqual([]);
  });

  it('reconnects after Redis restarts, and its subscriber is subscribed again', async () => {
    const publisher = await nodeClient();
    const subscriber = await nodeClient();
    const received: string[] = [];
    await subscriber.subscribe('crowdstick:events', (message) => received.push(message));
    expect(await publisher.publish('crowdstick:events', 'before')).toBe(1);

    // 'ready' comes after the subscriptions are renewed on the new connection.
    const back = Promise.all(
      [publisher, subscriber].map(
        (client) => new Promise<void>((resolve) => client.once('ready', () => resolve())),
      ),
    );
    await redis.restart();
    await back;
    expect(await publisher.publish('crowdstick:events', 'after')).toBe(1);
    await expect.poll(() => received, { timeout: 5000 }).toEqual(['before', 'after']);
    expect(uncaught).toEqual([]);
  });

  it('gives up on a Redis that went silent, refuses commands meanwhile, and comes back when it answers', async () => {
    const client = await nodeClient();
    redis.pause();
    expect(await outcome(client.get('k'), SILENCE_NOTICED_MS)).toBe('rejected');
    await expect(client.get('k')).rejects.toThrow();
    redis.resume();
    await ready(client);
    expect(await client.ping()).toBe('PONG');
    expect(uncaught).toEqual([]);
  });

  it('refuses commands past its queue at once while a silent Redis is still being written to', async () => {
    const client = createRedisClient({ url: redis.url, queueLimit: 100 }, (error) =>
      errors.push(error),
    );
    clients.push(client);
    await client.connect();
    redis.pause();
    const publishes = Array.from({ length: 150 }, (_, index) =>
      client.publish('crowdstick:events', String(index)),
    );
    // The first 100 wait for the silent Redis until the client is destroyed after the test.
    for (const publish of publishes) publish.catch(() => {});
    const last = publishes.at(-1)!;
    expect(await outcome(last, ANSWER_MS)).toBe('rejected');
    await expect(last).rejects.toThrow('The queue is full');
  });
});

describe("the Redis client's options", () => {
  it('refuses a URL that is not redis://', () => {
    expect(() => createRedisClient({ url: 'http://127.0.0.1:6379' }, () => {})).toThrow(
      'the Redis URL must start with redis:// or rediss://, not http://127.0.0.1:6379',
    );
    expect(() => createRedisClient({ url: 'localhost' }, () => {})).toThrow(
      'the Redis URL must look like redis://host:port, not localhost',
    );
  });

  it('refuses a socket timeout that a PING cannot keep alive', () => {
    expect(() =>
      createRedisClient({ url: 'redis://127.0.0.1:1', pingIntervalMs: 3000 }, () => {}),
    ).toThrow('socketTimeoutMs (3000) must be longer than pingIntervalMs (3000)');
  });

  it('refuses a reconnect cap below the first wait', () => {
    expect(() =>
      createRedisClient(
        { url: 'redis://127.0.0.1:1', reconnectMinMs: 500, reconnectMaxMs: 100 },
        () => {},
      ),
    ).toThrow('reconnectMaxMs (100) must not be below reconnectMinMs (500)');
  });

  it('refuses a wait that is not a whole number above 0', () => {
    expect(() =>
      createRedisClient({ url: 'redis://127.0.0.1:1', connectTimeoutMs: 0 }, () => {}),
    ).toThrow('connectTimeoutMs must be a whole number above 0, not 0');
  });

  it('waits twice as long after each failed attempt, up to the cap, plus up to a quarter', () => {
    const limits = { reconnectMinMs: 50, reconnectMaxMs: 1000 };
    expect(
      [0, 1, 2, 3, 4, 5, 100].map((retries) => reconnectDelay(retries, limits, () => 0)),
    ).toEqual([50, 100, 200, 400, 800, 1000, 1000]);
    expect(reconnectDelay(0, limits, () => 0.999)).toBe(62);
    expect(reconnectDelay(5, limits, () => 0.999)).toBe(1250);
  });
});

describe('the cluster slot table in Redis', () => {
  let north: ClusterSlots;
  let south: ClusterSlots;

  beforeEach(async () => {
    north = createClusterSlots(await nodeClient(), { node: 'north' });
    south = createClusterSlots(await nodeClient(), { node: 'south' });
  });

  it('gives the smallest free slot, 1 first, and the one already held to a user who asks again', async () => {
    expect(await north.take(101)).toBe(1);
    expect(await south.take(102)).toBe(2);
    expect(await north.take(103)).toBe(3);
    expect(await north.take(101)).toBe(1);
    expect(await south.of(102)).toBe(2);
    expect(await south.holder(3)).toBe(103);
    expect(await south.holder(4)).toBeUndefined();
  });

  it('frees a released slot for the next user, smallest first', async () => {
    for (const id of [1, 2, 3, 4]) await north.take(id);
    expect(await north.release(3)).toBe(3);
    expect(await north.release(2)).toBe(2);
    expect(await north.of(2)).toBeUndefined();
    expect(await north.holder(2)).toBeUndefined();
    expect(await south.take(50)).toBe(2);
    expect(await south.take(51)).toBe(3);
    expect(await south.take(52)).toBe(5);
  });

  it('gives a returning user their last slot while it is still free, and the smallest once it is not', async () => {
    for (const id of [1, 2, 3]) await north.take(id);
    await north.release(2);
    await north.release(3);
    expect(await south.take(3)).toBe(3);
    expect(await south.take(99)).toBe(2);
    await south.release(3);
    await north.take(98); // takes 3, user 3's last slot
    expect(await north.take(3)).toBe(4);
  });

  it('never gives one slot twice when nodes take at the same moment', async () => {
    const ids = Array.from({ length: 100 }, (_, index) => 1000 + index);
    const slots = await Promise.all(
      ids.map((id, index) => (index % 2 === 0 ? north : south).take(id)),
    );
    expect([...slots].sort((a, b) => a! - b!)).toEqual(ids.map((_, index) => index + 1));
  });

  it('turns a user away when every slot up to the limit is held, until one is released', async () => {
    const small = createClusterSlots(await nodeClient(), { node: 'north', limit: 2 });
    expect(await small.take(1)).toBe(1);
    expect(await small.take(2)).toBe(2);
    expect(await small.take(3)).toBeUndefined();
    await small.release(1);
    expect(await small.take(3)).toBe(1);
  });

  it('keeps the slot of a user who reconnected on another node, whatever the old node releases', async () => {
    expect(await north.take(7)).toBe(1);
    expect(await south.take(7)).toBe(1);
    // The old node closes its socket and releases late: the user is south's now.
    expect(await north.release(7)).toBeUndefined();
    expect(await north.of(7)).toBe(1);
    expect(await south.release(7)).toBe(1);
    expect(await south.of(7)).toBeUndefined();
  });

  it('lets a node release the users of a node that died, and only those', async () => {
    expect(await north.take(31)).toBe(1);
    expect(await north.take(32)).toBe(2);
    expect(await south.take(33)).toBe(3);
    expect(await south.release(31, 'north')).toBe(1);
    expect(await south.release(33, 'north')).toBeUndefined();
    expect(await south.of(31)).toBeUndefined();
    expect(await south.of(33)).toBe(3);
  });

  it('forgets the oldest departed users past the number it remembers', async () => {
    const forgetful = createClusterSlots(await nodeClient(), { node: 'north', remembered: 1 });
    for (const id of [1, 2, 3]) await forgetful.take(id);
    await forgetful.release(2);
    await forgetful.release(1); // user 2's slot is forgotten now, user 1's kept
    expect(await forgetful.take(2)).toBe(1); // the smallest free, not its old 2
    expect(await forgetful.take(1)).toBe(2); // its old 1 is held: the smallest free
  });

  it('lets nodes put their users back in their slots after Redis restarted empty', async () => {
    expect(await north.take(11)).toBe(1);
    expect(await south.take(12)).toBe(2);
    expect(await north.take(13)).toBe(3);
    await redis.restart();
    // No persistence: the table and the script cache are gone. Each node puts back what it holds.
    await expect.poll(() => north.of(11).catch(() => 'offline'), { timeout: 5000 }).toBeUndefined();
    expect(await north.take(13, 3)).toBe(3);
    expect(await south.take(12, 2)).toBe(2);
    expect(await north.take(11, 1)).toBe(1);
    // A slot another user holds is not given again; the newcomer gets the smallest free.
    expect(await south.take(14, 2)).toBe(4);
    expect(await south.holder(2)).toBe(12);
  });

  it('fills the slots skipped by a user put back far up, smallest first', async () => {
    expect(await north.take(21, 4)).toBe(4);
    expect(await south.take(22)).toBe(1);
    expect(await south.take(23)).toBe(2);
    expect(await south.take(24)).toBe(3);
    expect(await south.take(25)).toBe(5);
  });

  it('keys every cluster apart, under one hash tag each', async () => {
    expect(slotKeys('stage-a').of).toBe('{stage-a}:slots:of');
    const other = createClusterSlots(await nodeClient(), { node: 'north', prefix: 'stage-b' });
    expect(await north.take(1)).toBe(1);
    expect(await other.take(2)).toBe(1);
  });

  it('refuses a limit below 1 and a node without a name', async () => {
    const client = await nodeClient();
    expect(() => createClusterSlots(client, { node: 'north', limit: 0 })).toThrow(
      'slot limit must be 1 or more, not 0',
    );
    expect(() => createClusterSlots(client, { node: '' })).toThrow('the node needs a name');
  });
});
