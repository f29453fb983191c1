import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  PRESENCE_DEFAULTS,
  createPresence,
  presenceKeys,
  type Departure,
  type NodeReport,
  type Presence,
  type PresenceOptions,
} from '../../server/cluster/presence';
import { createRedisClient, type RedisNodeClient } from '../../server/cluster/redisClient';
import { startRedisServer, type RedisServer } from '../helpers/redisServer';
import { startRedisNode, type RedisNodeProcess } from './redisNode';

const PREFIX = 'crowdstick';
const keys = presenceKeys(PREFIX);
/** Short, so that a key lapses within a test; the rules are the same as at 6 s and 2 s. */
const TTL_MS = 600;
const REFRESH_MS = 200;
/** Rounds in a row a node may be missing, with no word that it left, before it counts as gone. */
const PATIENCE = Math.floor(TTL_MS / REFRESH_MS);
/** For nodes whose rounds the test runs itself: their own keys never lapse during a test. */
const MANUAL = { ttlMs: 60_000, refreshMs: 20_000 } as const;
/** A restart and a reconnect many times over; only a hang reaches it. */
const BACK_MS = 15_000;

let redis: RedisServer;
let inspector: RedisNodeClient;
const clients: RedisNodeClient[] = [];
const presences: Presence[] = [];
const processes: RedisNodeProcess[] = [];

beforeAll(async () => {
  redis = await startRedisServer();
});

afterAll(async () => {
  await redis.stop();
});

beforeEach(async () => {
  // A test may have left Redis killed or paused; each starts with an empty one that runs.
  await redis.restart();
  inspector = await nodeClient();
});

afterEach(async () => {
  await Promise.all(processes.splice(0).map((node) => node.kill()));
  await Promise.all(presences.splice(0).map((presence) => presence.stop()));
  for (const client of clients.splice(0)) client.destroy();
});

/** A node's client, connected; it reconnects within about 100 ms of Redis coming back. */
async function nodeClient(): Promise<RedisNodeClient> {
  const client = createRedisClient({ url: redis.url, reconnectMaxMs: 100 }, () => {});
  clients.push(client);
  await client.connect();
  return client;
}

/** An `every` whose rounds run only when the test says so. */
function manualRounds() {
  const ticks = new Set<() => Promise<void>>();
  return {
    every: (_ms: number, tick: () => Promise<void>) => {
      ticks.add(tick);
      return () => void ticks.delete(tick);
    },
    /** Runs one round of each presence on these rounds at once, and resolves when all are done. */
    async run(times = 1) {
      for (let index = 0; index < times; index++) {
        await Promise.all([...ticks].map((tick) => tick()));
      }
    },
  };
}

/** The real `every`, counting the rounds that ended; a tick while a round still runs starts none. */
function countedRounds() {
  let last: Promise<void> | undefined;
  const counted = {
    done: 0,
    every: (ms: number, tick: () => Promise<void>) =>
      PRESENCE_DEFAULTS.every(ms, async () => {
        const round = tick();
        if (round === last) return;
        last = round;
        await round;
        counted.done += 1;
      }),
  };
  return counted;
}

/** A presence with what it reported written down. */
interface Watched {
  presence: Presence;
  gone: [string, Departure][];
  warnings: string[];
}

async function watchedPresence(
  node: string,
  report: NodeReport,
  options: Partial<PresenceOptions> = {},
): Promise<Watched> {
  const gone: [string, Departure][] = [];
  const warnings: string[] = [];
  const presence = createPresence({
    client: await nodeClient(),
    node,
    prefix: PREFIX,
    ttlMs: TTL_MS,
    refreshMs: REFRESH_MS,
    report: () => report,
    gone: (name, departure) => gone.push([name, departure]),
    warn: (line) => warnings.push(line),
    ...options,
  });
  presences.push(presence);
  return { presence, gone, warnings };
}

/** Resolves once `rounds` has ended `more` rounds past where it is now. */
async function roundsPass(rounds: { done: number }, more: number): Promise<void> {
  const target = rounds.done + more;
  await expect.poll(() => rounds.done, { timeout: BACK_MS }).toBeGreaterThanOrEqual(target);
}

const NORTH = { phones: 12, installations: 1, users: 12 };
const SOUTH = { phones: 7, installations: 2, users: 8 };

describe('the presence of relay nodes', () => {
  it('lets two nodes see each other with their reports, and not themselves', async () => {
    const north = await watchedPresence('north', NORTH);
    const south = await watchedPresence('south', SOUTH);
    await expect
      .poll(() => north.presence.nodes().get('south'), { timeout: 5000 })
      .toMatchObject(SOUTH);
    await expect
      .poll(() => south.presence.nodes().get('north'), { timeout: 5000 })
      .toMatchObject(NORTH);
    expect([...north.presence.nodes().keys()]).toEqual(['south']);

    const seen = north.presence.nodes().get('south')!;
    expect(seen.startedAt).toBeGreaterThan(0);
    expect(seen.seenMsAgo).toBeGreaterThanOrEqual(0);
    // The key is refreshed every 200 ms: it is never older than its 600 ms TTL while read.
    expect(seen.seenMsAgo).toBeLessThan(TTL_MS);
    expect((await inspector.zRange(keys.nodes, 0, -1)).sort()).toEqual(['north', 'south']);
    expect(await inspector.pTTL(keys.node('north'))).toBeGreaterThan(0);
    expect(JSON.parse((await inspector.get(keys.node('north')))!)).toMatchObject(NORTH);
    expect(north.gone).toEqual([]);
  });

  it('sees a node that stopped gracefully gone at its next round, with nobody cleaning up after it', async () => {
    const rounds = manualRounds();
    const north = await watchedPresence('north', NORTH, { ...MANUAL, every: rounds.every });
    const south = await watchedPresence('south', SOUTH);
    await expect
      .poll(async () => {
        await rounds.run();
        return north.presence.nodes().has('south');
      })
      .toBe(true);

    await south.presence.stop();
    // At once: nothing of it is left to lapse.
    expect(await inspector.exists(keys.node('south'))).toBe(0);
    expect(await inspector.zRange(keys.nodes, 0, -1)).toEqual(['north']);
    await rounds.run();
    expect(north.gone).toEqual([['south', { cleaner: false }]]);
    expect(north.presence.nodes().has('south')).toBe(false);
    expect(north.warnings).toEqual(['crowdstick: node south left the cluster']);
    await rounds.run(3);
    expect(north.gone).toHaveLength(1);
  });

  it('reports a node killed with -9 gone once, at the first round after its key lapsed, and lets exactly one of two survivors clean up after it', async () => {
    const east = startRedisNode({
      url: redis.url,
      node: 'east',
      prefix: PREFIX,
      channel: 'crowdstick:test',
      ttlMs: TTL_MS,
      refreshMs: REFRESH_MS,
      then: 'stay',
    });
    processes.push(east);
    const rounds = manualRounds();
    const north = await watchedPresence('north', NORTH, { ...MANUAL, every: rounds.every });
    const south = await watchedPresence('south', SOUTH, { ...MANUAL, every: rounds.every });
    await expect
      .poll(
        async () => {
          await rounds.run();
          return [north, south].every(({ presence }) => presence.nodes().has('east'));
        },
        { timeout: BACK_MS },
      )
      .toBe(true);
    expect(north.presence.nodes().get('east')).toMatchObject({ phones: 3, installations: 1 });

    await east.kill();
    // Redis lets its key lapse at most one TTL after its last refresh.
    await expect.poll(() => inspector.exists(keys.node('east')), { timeout: 5000 }).toBe(0);
    await rounds.run();
    expect(north.gone.map(([name]) => name)).toEqual(['east']);
    expect(south.gone.map(([name]) => name)).toEqual(['east']);
    const cleaners = [north, south].filter(({ gone }) => gone[0]![1].cleaner);
    expect(cleaners).toHaveLength(1);
    expect(cleaners[0]!.warnings).toEqual([
      'crowdstick: node east is gone: its presence ran out; this node releases its slots',
    ]);

    await rounds.run(3);
    expect([north.gone.length, south.gone.length]).toEqual([1, 1]);
    expect((await inspector.zRange(keys.nodes, 0, -1)).sort()).toEqual(['north', 'south']);
  });

  it('tells a survivor that looks after the cleaner did its work that the gone node left, so it need not wait', async () => {
    const northRounds = manualRounds();
    const southRounds = manualRounds();
    const north = await watchedPresence('north', NORTH, { ...MANUAL, every: northRounds.every });
    const south = await watchedPresence('south', SOUTH, { ...MANUAL, every: southRounds.every });
    // Its rounds are never run after its first, so its key lapses as a killed node's does.
    const frozen = manualRounds();
    await watchedPresence('east', SOUTH, { every: frozen.every });
    await frozen.run();
    await northRounds.run();
    await southRounds.run();
    expect(north.presence.nodes().has('east')).toBe(true);
    expect(south.presence.nodes().has('east')).toBe(true);

    await expect.poll(() => inspector.exists(keys.node('east')), { timeout: 5000 }).toBe(0);
    await northRounds.run();
    expect(north.gone).toEqual([['east', { cleaner: true }]]);
    expect(await inspector.zRange(keys.nodes, 0, -1)).not.toContain('east');
    // South finds east off the list, and the mark north left says why.
    await southRounds.run();
    expect(south.gone).toEqual([['east', { cleaner: false }]]);
    expect(south.warnings).toEqual(['crowdstick: node east is gone: its presence ran out']);
  });

  it('keeps the last known nodes and counts nobody gone while Redis is away for longer than the TTL, nor after it comes back empty', async () => {
    const northRounds = countedRounds();
    const southRounds = countedRounds();
    const north = await watchedPresence('north', NORTH, { every: northRounds.every });
    const south = await watchedPresence('south', SOUTH, { every: southRounds.every });
    await expect.poll(() => north.presence.nodes().has('south'), { timeout: 5000 }).toBe(true);
    await expect.poll(() => south.presence.nodes().has('north'), { timeout: 5000 }).toBe(true);

    await redis.kill();
    // Rounds enough to lapse every key several times over, each one failing.
    await roundsPass(northRounds, PATIENCE + 3);
    await roundsPass(southRounds, PATIENCE + 3);
    expect(north.presence.nodes().get('south')).toMatchObject(SOUTH);
    expect(south.presence.nodes().get('north')).toMatchObject(NORTH);

    await redis.restart();
    // Empty: both write their keys again.
    await expect
      .poll(async () => (await inspector.zRange(keys.nodes, 0, -1).catch(() => [])).sort(), {
        timeout: BACK_MS,
      })
      .toEqual(['north', 'south']);
    // And more rounds than the patience for a missing node, so a wrong verdict would have come.
    await roundsPass(northRounds, PATIENCE + 3);
    await roundsPass(southRounds, PATIENCE + 3);
    expect(north.gone).toEqual([]);
    expect(south.gone).toEqual([]);
    expect(north.presence.nodes().get('south')!.seenMsAgo).toBeLessThan(TTL_MS);
  });

  it('counts nobody gone after Redis froze for longer than the TTL and every key lapsed at once', async () => {
    const northRounds = manualRounds();
    const southRounds = manualRounds();
    const north = await watchedPresence('north', NORTH, { every: northRounds.every });
    const south = await watchedPresence('south', SOUTH, { every: southRounds.every });
    await expect
      .poll(async () => {
        await Promise.all([northRounds.run(), southRounds.run()]);
        return north.presence.nodes().has('south') && south.presence.nodes().has('north');
      })
      .toBe(true);

    redis.pause();
    // Shorter than the client's socket timeout (3 s), so the connections stay; longer than two TTLs.
    await new Promise((resolve) => setTimeout(resolve, 3 * TTL_MS));
    redis.resume();
    // North comes first: south is on the list with its key lapsed, but so is north's own.
    await northRounds.run();
    expect(north.gone).toEqual([]);
    await southRounds.run();
    await northRounds.run();
    expect(north.gone).toEqual([]);
    expect(south.gone).toEqual([]);
    expect(north.presence.nodes().get('south')!.seenMsAgo).toBeLessThan(TTL_MS);
  });

  it('counts a node gone that did not come back after Redis restarted empty, once it was missing for longer than a TTL of rounds', async () => {
    const rounds = manualRounds();
    const north = await watchedPresence('north', NORTH, { every: rounds.every });
    const southClient = await nodeClient();
    await watchedPresence('south', SOUTH, { client: southClient, every: manualRounds().every });
    await expect
      .poll(async () => {
        await rounds.run();
        return north.presence.nodes().has('south');
      })
      .toBe(true);

    // South dies while Redis is away; Redis comes back with nothing, so there is no lapsed key to find.
    southClient.destroy();
    await redis.restart();
    await expect
      .poll(
        async () => {
          await rounds.run();
          return inspector.exists(keys.node('north')).catch(() => 0);
        },
        { timeout: BACK_MS },
      )
      .toBe(1);
    expect(north.gone).toEqual([]);
    // The round above was the first that missed south; it is counted gone at the one past its patience.
    await rounds.run(PATIENCE - 1);
    expect(north.gone).toEqual([]);
    await rounds.run();
    expect(north.gone).toEqual([['south', { cleaner: false }]]);
  });

  it('refuses a TTL that a refresh cannot keep alive, and a node without a name', async () => {
    const client = await nodeClient();
    const base = { client, node: 'north', report: () => NORTH, gone: () => {} };
    expect(() => createPresence({ ...base, ttlMs: 2000, refreshMs: 2000 })).toThrow(
      'ttlMs (2000) must be longer than refreshMs (2000)',
    );
    expect(() => createPresence({ ...base, refreshMs: 0 })).toThrow(
      'refreshMs must be a whole number above 0, not 0',
    );
    expect(() => createPresence({ ...base, node: '' })).toThrow('the node needs a name');
  });
});
