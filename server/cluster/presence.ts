import type { RedisNodeClient } from './redisClient.js';

/**
 * Which relay nodes are alive, kept in Redis. Each node keeps a key of its
 * own with a time-to-live and refreshes it; a node that stops refreshing
 * (killed with -9, frozen, cut off) lets its key lapse, and the first other
 * node to notice removes it from the list of nodes and cleans up after it.
 *
 * Why 6 s and 2 s: a node killed at t refreshed last at most one interval
 * before, so its key lapses by t + 6 s at the latest. Every other node runs a
 * round every 2 s, so the first round after the lapse starts by t + 8 s and
 * ends a round trip or two later. That is within the 10 s the cluster
 * promises, with 2 s to spare for a busy event loop or a reconnect. The TTL
 * is three intervals so that a live node survives two failed refreshes in a
 * row (a Redis blip) before the others count it gone.
 */

/** What the relay tells the other nodes about itself. */
export interface NodeReport {
  phones: number;
  installations: number;
  users: number;
}

/** Another node as this one last read it. */
export interface PresenceEntry extends NodeReport {
  /** When the node started, in ms since the epoch (its own clock). */
  startedAt: number;
  /** How long ago it last refreshed its key, by Redis's clock and ours since the read. */
  seenMsAgo: number;
}

/** How a node that is gone was noticed. */
export interface Departure {
  /**
   * This node took the gone one off the list of nodes, so it is the one that
   * releases the gone node's slots: exactly one node in the cluster does.
   * False on the others, and for a node that stopped gracefully (it released
   * its own), or that was missed while Redis had lost its data.
   */
  cleaner: boolean;
}

export interface PresenceOptions {
  /** A connected client from `createRedisClient` (not a subscriber). */
  client: RedisNodeClient;
  /** This node's name, unique in the cluster. */
  node: string;
  /** The cluster's key prefix, the same as the slot table's. */
  prefix: string;
  /** How long this node's key lives unless refreshed. */
  ttlMs: number;
  /** How often this node refreshes its key and reads the others'. */
  refreshMs: number;
  /** What this node has now; called on every refresh. */
  report: () => NodeReport;
  /** Another node is gone: called once for each, on every node that knew it. */
  gone: (node: string, departure: Departure) => void;
  warn: (line: string) => void;
  /** Runs `tick` every `ms` until the returned function is called. */
  every: (ms: number, tick: () => Promise<void>) => () => void;
}

export interface Presence {
  /** The other nodes alive at the last read, kept while Redis is away. */
  nodes(): Map<string, PresenceEntry>;
  /** Stops refreshing and removes this node's key and entry, so the others see it gone at once. */
  stop(): Promise<void>;
}

const repeat = (ms: number, tick: () => Promise<void>): (() => void) => {
  const timer = setInterval(() => void tick(), ms);
  return () => clearInterval(timer);
};

export const PRESENCE_DEFAULTS = {
  prefix: 'crowdstick',
  ttlMs: 6000,
  refreshMs: 2000,
  warn: (line: string) => console.warn(line),
  every: repeat,
} as const satisfies Partial<PresenceOptions>;

/** The keys of one cluster's presence, under the same hash tag as its slot table. */
export function presenceKeys(prefix: string) {
  return {
    /** String with a TTL: the node's JSON report. */
    node: (name: string) => `{${prefix}}:node:${name}`,
    /** Sorted set of the node names, scored by their last refresh (ms since the epoch). */
    nodes: `{${prefix}}:nodes`,
    /**
     * String with a TTL: the node left (`stopped`) or was cleaned up after
     * (`lapsed`), so the nodes that find it off the list need not wait.
     */
    left: (name: string) => `{${prefix}}:left:${name}`,
  };
}

// KEYS: the node's key, the list of nodes, its left mark. ARGV: the node, the mark's TTL in ms.
// Replies -1 when the node's key is back (it refreshed meanwhile), else ZREM's answer:
// 1 for the one node that takes it off the list and so cleans up after it, 0 for the rest.
export const REMOVE_GONE_NODE_LUA = `
if redis.call('EXISTS', KEYS[1]) == 1 then return -1 end
local removed = redis.call('ZREM', KEYS[2], ARGV[1])
if removed == 1 then redis.call('SET', KEYS[3], 'lapsed', 'PX', ARGV[2]) end
return removed
`;

/** What this node knows of another. */
interface Watched {
  entry?: PresenceEntry;
  /** `performance.now()` when `entry` was read. */
  readAt: number;
  /** Rounds in a row in which the node was not there, with no word that it left. */
  misses: number;
}

/** A node's report as stored, with the TTL it refreshes under (so its age can be told from PTTL). */
interface Stored extends NodeReport {
  startedAt: number;
  ttlMs: number;
}

function checkOptions({ node, ttlMs, refreshMs, prefix }: PresenceOptions): void {
  if (node === '') throw new Error('the node needs a name');
  if (prefix === '') throw new Error('the presence prefix must not be empty');
  for (const [name, value] of [
    ['ttlMs', ttlMs],
    ['refreshMs', refreshMs],
  ] as const) {
    if (!Number.isInteger(value) || value < 1) {
      throw new Error(`${name} must be a whole number above 0, not ${value}`);
    }
  }
  // Else a live node's key would lapse between two of its refreshes.
  if (ttlMs <= refreshMs) {
    throw new Error(`ttlMs (${ttlMs}) must be longer than refreshMs (${refreshMs})`);
  }
}

const count = (value: unknown): number =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : 0;

/** A stored report, or zeros for what is missing or wrong: the key still says the node is alive. */
function readStored(text: string): Stored {
  let value: Partial<Record<keyof Stored, unknown>> = {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null) value = parsed;
  } catch {
    // Not ours to judge: the node is alive whatever it wrote.
  }
  return {
    phones: count(value.phones),
    installations: count(value.installations),
    users: count(value.users),
    startedAt: count(value.startedAt),
    ttlMs: count(value.ttlMs),
  };
}

/**
 * This node's presence: writes its key at once and every `refreshMs`, and on
 * each refresh reads the other nodes and tells `gone` about the ones that are
 * not there any more.
 *
 * A node is gone when
 * - it is on the list but its key lapsed, while this node's own key did not
 *   (so Redis did not freeze or lose its data, and this node was not cut
 *   off: it is in a position to judge);
 * - it is off the list with a mark that it left (it stopped, or another node
 *   cleaned up after it);
 * - or it was not there for more rounds in a row than fit in one TTL, when
 *   neither tells: Redis restarted empty, say, and the node did not come back.
 *
 * While Redis is away a round fails as a whole and judges nothing: the last
 * known nodes are kept, and this node never counts itself gone.
 */
export function createPresence(
  options: Pick<PresenceOptions, 'client' | 'node' | 'report' | 'gone'> & Partial<PresenceOptions>,
): Presence {
  const settings: PresenceOptions = { ...PRESENCE_DEFAULTS, ...options };
  checkOptions(settings);
  const { client, node, ttlMs, refreshMs, report, gone, warn } = settings;
  const keys = presenceKeys(settings.prefix);
  const startedAt = Date.now();
  const watched = new Map<string, Watched>();
  const patience = Math.floor(ttlMs / refreshMs);
  let first = true;
  let stopped = false;
  let failureTold = false;
  let running: Promise<void> | undefined;

  function depart(name: string, cleaner: boolean, why: string): void {
    watched.delete(name);
    warn(`crowdstick: node ${name} ${why}${cleaner ? '; this node releases its slots' : ''}`);
    gone(name, { cleaner });
  }

  /** Takes a node whose key lapsed off the list; whoever does so first cleans up after it. */
  async function remove(name: string): Promise<void> {
    const answer = await client.eval(REMOVE_GONE_NODE_LUA, {
      keys: [keys.node(name), keys.nodes, keys.left(name)],
      arguments: [name, String(ttlMs)],
    });
    if (stopped) return;
    if (answer === -1) {
      watched.get(name)!.misses = 0;
      return;
    }
    depart(name, answer === 1, 'is gone: its presence ran out');
  }

  async function round(): Promise<void> {
    const value: Stored = { ...report(), startedAt, ttlMs };
    const [previous, , members] = await Promise.all([
      client.set(keys.node(node), JSON.stringify(value), {
        expiration: { type: 'PX', value: ttlMs },
        GET: true,
      }),
      client.zAdd(keys.nodes, { score: Date.now(), value: node }),
      client.zRange(keys.nodes, 0, -1),
      // A mark left by an earlier run of this node under the same name is not about this one.
      first ? client.del(keys.left(node)) : undefined,
    ]);
    first = false;
    // Our own key was still there, so Redis kept its data and its time ran as ours did since our
    // last refresh: a key that lapsed meanwhile is a node that stopped refreshing.
    const judging = previous !== null;
    const listed = new Set(members.filter((name) => name !== node));
    const names = [...new Set([...listed, ...watched.keys()])];
    const reads = await Promise.all(
      names.map((name) =>
        Promise.all([
          client.get(keys.node(name)),
          client.pTTL(keys.node(name)),
          listed.has(name) ? null : client.get(keys.left(name)),
        ]),
      ),
    );
    if (stopped) return;
    const readAt = performance.now();
    const removals: Promise<void>[] = [];
    for (const [index, name] of names.entries()) {
      const [text, ttlLeft, left] = reads[index]!;
      const known = watched.get(name) ?? { readAt, misses: 0 };
      watched.set(name, known);
      if (text !== null && ttlLeft !== -2) {
        const { startedAt: since, ttlMs: theirs, ...rest } = readStored(text);
        const seenMsAgo = ttlLeft >= 0 ? Math.max(0, theirs - ttlLeft) : 0;
        known.entry = { ...rest, startedAt: since, seenMsAgo };
        known.readAt = readAt;
        known.misses = 0;
      } else if (listed.has(name) && judging) {
        removals.push(remove(name));
      } else if (left !== null) {
        depart(
          name,
          false,
          left === 'stopped' ? 'left the cluster' : 'is gone: its presence ran out',
        );
      } else if (++known.misses > patience) {
        if (listed.has(name)) removals.push(remove(name));
        else depart(name, false, `has not been seen for ${known.misses} refreshes`);
      }
    }
    await Promise.all(removals);
  }

  /** One round at a time: a slow Redis makes rounds late, never piled up. */
  function tick(): Promise<void> {
    if (stopped) return Promise.resolve();
    running ??= round()
      .then(
        () => {
          if (failureTold) warn("crowdstick: this node's presence is refreshed again");
          failureTold = false;
        },
        (error: Error) => {
          // While Redis is away the broker says so; this tells of anything else, once.
          if (failureTold || !client.isReady) return;
          failureTold = true;
          warn(`crowdstick: could not refresh this node's presence (${error.message})`);
        },
      )
      .finally(() => (running = undefined));
    return running;
  }

  const stopTimer = settings.every(refreshMs, tick);
  void tick();

  return {
    nodes() {
      const now = performance.now();
      const nodes = new Map<string, PresenceEntry>();
      for (const [name, { entry, readAt }] of watched) {
        if (entry) nodes.set(name, { ...entry, seenMsAgo: entry.seenMsAgo + (now - readAt) });
      }
      return nodes;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      stopTimer();
      // A refresh still under way would write the key back after it is removed.
      await running;
      await client
        .multi()
        .zRem(keys.nodes, node)
        .del(keys.node(node))
        .set(keys.left(node), 'stopped', { expiration: { type: 'PX', value: ttlMs } })
        .exec()
        // Redis away: the key lapses on its own, and the others count this node gone then.
        .catch(() => {});
    },
  };
}
