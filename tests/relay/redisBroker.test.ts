import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRedisBroker, type RedisBroker } from '../../server/cluster/redisBroker';
import { redisForFile } from '../helpers/redisServer';
import { collectUncaught } from '../helpers/uncaught';
import { startRedisNode, type RedisNodeProcess } from './redisNode';

const CHANNEL = 'crowdstick:test';
/** Long enough for a reconnect (at most 1.25 s apart) and a restart many times over; only a hang reaches it. */
const BACK_MS = 15_000;

const redis = redisForFile();
const uncaught = collectUncaught();

/** A broker with everything it told its node written down. */
interface Watched {
  broker: RedisBroker;
  messages: string[];
  /** `up` and `down`, in the order they came. */
  events: string[];
  warnings: string[];
}

const brokers: RedisBroker[] = [];

beforeEach(async () => {
  uncaught.length = 0;
  // A test may have left Redis killed; each starts with one that runs.
  await redis.restart();
});

afterEach(async () => {
  await Promise.all(brokers.splice(0).map((broker) => broker.close()));
  expect(uncaught).toEqual([]);
});

function watchedBroker(): Watched {
  const watched: Omit<Watched, 'broker'> = { messages: [], events: [], warnings: [] };
  const broker = createRedisBroker(
    { url: redis.url, channel: CHANNEL, warn: (line) => watched.warnings.push(line) },
    {
      message: (text) => watched.messages.push(text),
      up: () => watched.events.push('up'),
      down: () => watched.events.push('down'),
    },
  );
  brokers.push(broker);
  return { ...watched, broker };
}

async function upNow(...all: Watched[]): Promise<void> {
  await expect.poll(() => all.every(({ broker }) => broker.up), { timeout: BACK_MS }).toBe(true);
}

const lost = (watched: Watched) =>
  watched.warnings.filter((line) => line.startsWith(`crowdstick: lost Redis at ${redis.url} (`));
const back = (watched: Watched) =>
  watched.warnings.filter((line) => line === 'crowdstick: Redis is back; catching the cluster up');

describe('the Redis broker', () => {
  it("gives each node the other's burst of 1000 messages, all of them, in the order sent", async () => {
    const north = watchedBroker();
    const south = watchedBroker();
    await upNow(north, south);
    const burst = (name: string) => Array.from({ length: 1000 }, (_, index) => `${name} ${index}`);
    for (const text of burst('north')) north.broker.publish(text);
    for (const text of burst('south')) south.broker.publish(text);

    const from = (watched: Watched, name: string) =>
      watched.messages.filter((text) => text.startsWith(`${name} `));
    await expect.poll(() => from(south, 'north').length, { timeout: 5000 }).toBe(1000);
    await expect.poll(() => from(north, 'south').length, { timeout: 5000 }).toBe(1000);
    expect(from(south, 'north')).toEqual(burst('north'));
    expect(from(north, 'south')).toEqual(burst('south'));
    // Its own come back too, and the bus ignores them.
    expect(from(north, 'north')).toEqual(burst('north'));
    await expect
      .poll(() => north.broker.stats())
      .toEqual({
        published: 1000,
        refused: 0,
        received: 2000,
      });
  });

  it('says up once at start and again after each restart of Redis, and down once for each loss', async () => {
    const node = watchedBroker();
    await expect.poll(() => node.events, { timeout: 5000 }).toEqual(['up']);
    expect(node.warnings).toEqual([]);

    await redis.restart();
    await expect.poll(() => node.events, { timeout: BACK_MS }).toEqual(['up', 'down', 'up']);
    await redis.restart();
    await expect
      .poll(() => node.events, { timeout: BACK_MS })
      .toEqual(['up', 'down', 'up', 'down', 'up']);
    expect(lost(node)).toHaveLength(2);
    expect(back(node)).toHaveLength(2);
    expect(node.warnings).toHaveLength(4);

    // Up again means heard again: another node's message arrives.
    const other = watchedBroker();
    await upNow(other);
    other.broker.publish('after the restarts');
    await expect.poll(() => node.messages, { timeout: 5000 }).toContain('after the restarts');
  });

  it('refuses a publish at once while Redis is killed, and neither throws nor waits', async () => {
    const node = watchedBroker();
    await upNow(node);
    await redis.kill();
    await expect.poll(() => node.events, { timeout: 5000 }).toEqual(['up', 'down']);
    expect(node.broker.up).toBe(false);

    const before = node.broker.stats();
    for (let index = 0; index < 100; index++) {
      expect(() => node.broker.publish(`while away ${index}`)).not.toThrow();
    }
    // Counted before publish returned: nothing was left waiting for Redis.
    expect(node.broker.stats()).toEqual({ ...before, refused: before.refused + 100 });
  });

  it('counts a message published as Redis dies either as taken or as refused', async () => {
    const node = watchedBroker();
    await upNow(node);
    const dying = redis.kill();
    for (let index = 0; index < 500; index++) node.broker.publish(`as it dies ${index}`);
    await dying;
    await expect
      .poll(() => {
        const { published, refused } = node.broker.stats();
        return published + refused;
      })
      .toBe(500);
  });

  it('lives through a few seconds without Redis with one line for the loss, and carries messages again once it is back', async () => {
    const north = watchedBroker();
    const south = watchedBroker();
    await upNow(north, south);
    await redis.kill();
    await expect.poll(() => north.events, { timeout: 5000 }).toEqual(['up', 'down']);

    // Every publish is refused and every reconnect attempt fails, for longer than the longest wait between attempts.
    let sent = 0;
    const publishing = setInterval(() => north.broker.publish(`away ${sent++}`), 50);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    clearInterval(publishing);
    expect(north.broker.stats().refused).toBe(sent);
    expect(lost(north)).toHaveLength(1);
    expect(north.warnings).toHaveLength(1);
    expect(uncaught).toEqual([]);

    await redis.restart();
    await upNow(north, south);
    north.broker.publish('back');
    await expect.poll(() => south.messages, { timeout: 5000 }).toContain('back');
    expect(south.messages.filter((text) => text.startsWith('away '))).toEqual([]);
    expect(back(north)).toHaveLength(1);
  });

  it('starts while Redis is away, says so once, and joins once it answers', async () => {
    await redis.kill();
    const node = watchedBroker();
    await expect.poll(() => node.warnings.length, { timeout: 5000 }).toBe(1);
    expect(node.warnings[0]).toMatch(
      new RegExp(
        `^crowdstick: cannot reach Redis at ${redis.url} \\(.+\\); serving this node's own phones and installations until it answers$`,
      ),
    );
    expect(node.events).toEqual([]);
    node.broker.publish('too early');
    expect(node.broker.stats().refused).toBe(1);

    await redis.restart();
    await expect.poll(() => node.events, { timeout: BACK_MS }).toEqual(['up']);
    expect(node.warnings).toEqual([
      node.warnings[0],
      `crowdstick: reached Redis at ${redis.url}; joining the cluster`,
    ]);
  });

  it('refuses a channel without a name', () => {
    expect(() =>
      createRedisBroker(
        { url: redis.url, channel: '', warn: () => {} },
        { message: () => {}, up: () => {}, down: () => {} },
      ),
    ).toThrow('the Redis channel needs a name');
  });
});

/**
 * The node process's end; fails with its output if it still runs after `ms`
 * past its `closed` line. Only a handle left open keeps it that long.
 */
async function exitsOnItsOwn(node: RedisNodeProcess, ms = 10_000) {
  let timer: NodeJS.Timeout | undefined;
  const stuck = new Promise<never>((_, fail) => {
    timer = setTimeout(
      () => fail(new Error(`the node still runs ${ms} ms after it closed:\n${node.output()}`)),
      ms,
    );
  });
  try {
    return await Promise.race([node.exited, stuck]);
  } finally {
    clearTimeout(timer);
  }
}

describe("the Redis broker's close", () => {
  const processes: RedisNodeProcess[] = [];
  afterEach(async () => {
    await Promise.all(processes.splice(0).map((node) => node.kill()));
  });
  const settings = () => ({
    url: redis.url,
    prefix: 'crowdstick',
    channel: CHANNEL,
    ttlMs: 6000,
    refreshMs: 2000,
  });

  it('leaves nothing open: a node process exits by itself once closed', async () => {
    const node = startRedisNode({ ...settings(), node: 'closing', then: 'close' });
    processes.push(node);
    await node.waitForLine('heard');
    await node.waitForLine('closed');
    // Anything left open (a socket, a PING timer, the presence's interval) would keep it running.
    expect(await exitsOnItsOwn(node)).toEqual({ code: 0, signal: null });
  });

  it('leaves nothing open when it closes while Redis is away', async () => {
    const node = startRedisNode({ ...settings(), node: 'cut-off', then: 'close-when-down' });
    processes.push(node);
    await node.waitForLine('up');
    await redis.kill();
    await node.waitForLine('closed');
    expect(await exitsOnItsOwn(node)).toEqual({ code: 0, signal: null });
  });
});
