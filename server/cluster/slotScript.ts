import { defineScript, type CommandParser } from '@redis/client';
// The reply types are not exported from the package's root; this import is erased at build.
import type { NumberReply } from '@redis/client/dist/lib/RESP/types.js';

/**
 * Slots shared by every node of a cluster, kept in Redis: the same rule as
 * `server/core/slots.ts` (the smallest free slot, a returning user's last
 * one when still free), made atomic by running each step as one Lua script.
 * Two nodes taking a slot at the same moment can then never get the same one.
 *
 * Each present user also has an owner, the node that holds their socket. A
 * user who reconnects on another node keeps their slot and changes owner, so
 * the old node's late release of that user is a no-op instead of freeing a
 * slot that is still in use.
 */

/** The keys of one cluster's slot table, in the order the scripts take them. */
export interface SlotKeys {
  /** Hash: user id → slot, for present users. */
  of: string;
  /** Hash: slot → user id, for present users. */
  holder: string;
  /** Hash: user id → the node that holds them. */
  owner: string;
  /** Sorted set of the free slots below `next`, scored by slot, smallest first. */
  free: string;
  /** String: one past the highest slot ever given. */
  next: string;
  /** Hash: departed user id → their last slot, for their return. */
  last: string;
  /** Sorted set of the departed users in `last`, oldest departure first. */
  departed: string;
  /** String: a counter that orders departures. */
  departures: string;
}

/**
 * The keys under `prefix`. The braces are a Redis Cluster hash tag: every key
 * of the table lands on one shard, which a script touching them all needs.
 */
export function slotKeys(prefix: string): SlotKeys {
  const key = (name: string) => `{${prefix}}:slots:${name}`;
  return {
    of: key('of'),
    holder: key('holder'),
    owner: key('owner'),
    free: key('free'),
    next: key('next'),
    last: key('last'),
    departed: key('departed'),
    departures: key('departures'),
  };
}

const KEY_ORDER = [
  'of',
  'holder',
  'owner',
  'free',
  'next',
  'last',
  'departed',
  'departures',
] as const satisfies readonly (keyof SlotKeys)[];

// KEYS in KEY_ORDER. ARGV: id, node, limit (slots are 1..limit), preferred (0 for none).
// Replies with the slot, or 0 when all of 1..limit are held.
export const TAKE_SLOT_LUA = `
local of, holder, owner, free, nextKey, last, departed = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], KEYS[7]
local id, node, limit, preferred = ARGV[1], ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4])

local held = redis.call('HGET', of, id)
if held then
  redis.call('HSET', owner, id, node)
  return tonumber(held)
end

local nextSlot = tonumber(redis.call('GET', nextKey) or '1')
-- Takes slot out of the free ones; false when it is held or out of 1..limit.
-- A slot at or past next is free by definition: the ones skipped on the way
-- become free slots below the new next.
local function claim(slot)
  if not slot or slot < 1 or slot > limit or slot ~= math.floor(slot) then return false end
  if slot >= nextSlot then
    for skipped = nextSlot, slot - 1 do redis.call('ZADD', free, skipped, skipped) end
    nextSlot = slot + 1
    redis.call('SET', nextKey, nextSlot)
    return true
  end
  return redis.call('ZREM', free, slot) == 1
end

local remembered = tonumber(redis.call('HGET', last, id))
local smallest = tonumber(redis.call('ZRANGE', free, 0, 0)[1])
local slot
if preferred > 0 and claim(preferred) then slot = preferred
elseif claim(remembered) then slot = remembered
elseif claim(smallest) then slot = smallest
else
  local fresh = nextSlot
  if not claim(fresh) then return 0 end
  slot = fresh
end

redis.call('HDEL', last, id)
redis.call('ZREM', departed, id)
redis.call('HSET', of, id, slot)
redis.call('HSET', holder, slot, id)
redis.call('HSET', owner, id, node)
return slot
`;

// KEYS in KEY_ORDER. ARGV: id, node, remembered (how many departed users' slots to keep).
// Replies with the slot released, or 0 when id holds none or another node owns it.
export const RELEASE_SLOT_LUA = `
local of, holder, owner, free, last, departed, departures = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[6], KEYS[7], KEYS[8]
local id, node, remembered = ARGV[1], ARGV[2], tonumber(ARGV[3])

local slot = redis.call('HGET', of, id)
if not slot or redis.call('HGET', owner, id) ~= node then return 0 end

redis.call('HDEL', of, id)
redis.call('HDEL', holder, slot)
redis.call('HDEL', owner, id)
redis.call('ZADD', free, slot, slot)
redis.call('HSET', last, id, slot)
redis.call('ZADD', departed, redis.call('INCR', departures), id)
while redis.call('ZCARD', departed) > remembered do
  local oldest = redis.call('ZPOPMIN', departed)
  redis.call('HDEL', last, oldest[1])
end
return tonumber(slot)
`;

function pushKeys(parser: CommandParser, keys: SlotKeys): void {
  for (const name of KEY_ORDER) parser.pushKey(keys[name]);
}

/**
 * The scripts, for `createClient({ scripts })`. The client sends EVALSHA and
 * falls back to EVAL on NOSCRIPT, so a Redis that restarted with an empty
 * script cache needs nothing from us.
 */
export const SLOT_SCRIPTS = {
  takeSlot: defineScript({
    SCRIPT: TAKE_SLOT_LUA,
    NUMBER_OF_KEYS: KEY_ORDER.length,
    parseCommand(
      parser: CommandParser,
      keys: SlotKeys,
      id: string,
      node: string,
      limit: number,
      preferred: number,
    ) {
      pushKeys(parser, keys);
      parser.push(id, node, String(limit), String(preferred));
    },
    transformReply: undefined as unknown as () => NumberReply,
  }),
  releaseSlot: defineScript({
    SCRIPT: RELEASE_SLOT_LUA,
    NUMBER_OF_KEYS: KEY_ORDER.length,
    parseCommand(
      parser: CommandParser,
      keys: SlotKeys,
      id: string,
      node: string,
      remembered: number,
    ) {
      pushKeys(parser, keys);
      parser.push(id, node, String(remembered));
    },
    transformReply: undefined as unknown as () => NumberReply,
  }),
};

/** What the slot table needs of a client: the scripts above, and HGET to read. */
export interface SlotScriptClient {
  takeSlot(
    keys: SlotKeys,
    id: string,
    node: string,
    limit: number,
    preferred: number,
  ): Promise<number>;
  releaseSlot(keys: SlotKeys, id: string, node: string, remembered: number): Promise<number>;
  hGet(key: string, field: string): Promise<unknown>;
}

/** The cluster-wide slot table of one cluster (its `prefix`), as seen from one node. */
export interface ClusterSlots {
  /**
   * Gives `id` a slot and makes this node its owner: the one it holds, else
   * `preferred` when free (a node putting back what it held before Redis
   * lost its data), else its last one when still free, else the smallest
   * free. Undefined when all of 1..limit are held.
   */
  take(id: number, preferred?: number): Promise<number | undefined>;
  /**
   * `id` left: its slot is free again, remembered for its return. `owner` is
   * the node that held `id`: this one, unless this node is cleaning up after
   * one that died. Undefined when `owner` did not hold `id`.
   */
  release(id: number, owner?: string): Promise<number | undefined>;
  /** The slot `id` holds, anywhere in the cluster. */
  of(id: number): Promise<number | undefined>;
  /** The user holding `slot`, anywhere in the cluster. */
  holder(slot: number): Promise<number | undefined>;
}

/** How the slot table is set up; the defaults are in SLOT_DEFAULTS. */
export interface SlotOptions {
  /** The cluster's key prefix: every node of one cluster uses the same one. */
  prefix: string;
  /** This node's name, unique in the cluster. */
  node: string;
  /** Slots are 1..limit. */
  limit: number;
  /** How many departed users' last slots are kept for their return (the oldest are forgotten first). */
  remembered: number;
}

export const SLOT_DEFAULTS = {
  prefix: 'crowdstick',
  limit: 1_000_000,
  remembered: 10_000,
} as const satisfies Partial<SlotOptions>;

const fromReply = (reply: number): number | undefined => (reply > 0 ? reply : undefined);
const fromField = (value: unknown): number | undefined =>
  typeof value === 'string' ? Number(value) : undefined;

/** The slot table over `client`, a client created with `SLOT_SCRIPTS`. Each call is one round trip. */
export function createClusterSlots(
  client: SlotScriptClient,
  options: Pick<SlotOptions, 'node'> & Partial<SlotOptions>,
): ClusterSlots {
  const { prefix, node, limit, remembered } = { ...SLOT_DEFAULTS, ...options };
  if (!Number.isInteger(limit) || limit < 1) {
    throw new Error(`slot limit must be 1 or more, not ${limit}`);
  }
  if (!Number.isInteger(remembered) || remembered < 0) {
    throw new Error(`remembered slots must be 0 or more, not ${remembered}`);
  }
  if (node === '') throw new Error('the node needs a name');
  const keys = slotKeys(prefix);
  return {
    take: async (id, preferred = 0) =>
      fromReply(await client.takeSlot(keys, String(id), node, limit, preferred)),
    release: async (id, owner = node) =>
      fromReply(await client.releaseSlot(keys, String(id), owner, remembered)),
    of: async (id) => fromField(await client.hGet(keys.of, String(id))),
    holder: async (slot) => fromField(await client.hGet(keys.holder, String(slot))),
  };
}
