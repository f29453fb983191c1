import { createClient } from '@redis/client';
import { SLOT_SCRIPTS } from './slotScript.js';

/**
 * How a relay node talks to Redis, chosen so that Redis down, restarting or
 * silent never crashes the node and never makes it wait: a node keeps serving
 * its own phones and installations, and each command it gives Redis meanwhile
 * fails at once instead of piling up. docs/CLUSTER-NOTES.md says why each
 * value is what it is.
 */
export interface RedisConnectionOptions {
  /** `redis://host:port`, as given to `--redis`. */
  url: string;
  /** Gives up on one connection attempt after this long, and tries again. */
  connectTimeoutMs: number;
  /**
   * A PING this often. It keeps an idle subscriber's socket busy, and a PING
   * left unanswered stops the socket's traffic, so the socket timeout below
   * notices a Redis that froze or a network that went silent.
   */
  pingIntervalMs: number;
  /** No traffic on the socket for this long: it is dead, so it is dropped and reconnected. */
  socketTimeoutMs: number;
  /** The first wait before reconnecting; it doubles with each failed attempt, up to `reconnectMaxMs`. */
  reconnectMinMs: number;
  reconnectMaxMs: number;
  /**
   * Commands waiting to be sent or answered at most; past it a command is
   * refused at once. While a silent Redis is still being written to, this
   * is what bounds the node's memory and keeps each command from waiting.
   */
  queueLimit: number;
}

export const REDIS_CONNECTION_DEFAULTS = {
  connectTimeoutMs: 1000,
  pingIntervalMs: 1000,
  socketTimeoutMs: 3000,
  reconnectMinMs: 50,
  reconnectMaxMs: 1000,
  queueLimit: 10_000,
} as const satisfies Omit<RedisConnectionOptions, 'url'>;

/**
 * The wait before reconnect attempt `retries` (0 first): doubling, capped, with
 * up to a quarter more at random so that the nodes of a cluster do not all
 * come back at the same instant. It never gives up: Redis may be away for long.
 */
export function reconnectDelay(
  retries: number,
  {
    reconnectMinMs,
    reconnectMaxMs,
  }: Pick<RedisConnectionOptions, 'reconnectMinMs' | 'reconnectMaxMs'>,
  random: () => number = Math.random,
): number {
  const delay = Math.min(reconnectMinMs * 2 ** Math.min(retries, 30), reconnectMaxMs);
  return Math.round(delay * (1 + random() / 4));
}

/**
 * A client that is not connected yet (call `connect()`). `onError` gets every
 * error the client emits (each failed reconnect attempt too); node-redis
 * throws an `error` event that has no listener, which would end the process,
 * so the listener is attached here, before anything can fail. Make the
 * subscriber with a second call, not with `duplicate()`: a duplicate takes
 * the options but not the listener.
 */
export function createRedisClient(
  options: Pick<RedisConnectionOptions, 'url'> & Partial<RedisConnectionOptions>,
  onError: (error: Error) => void,
) {
  const settings = { ...REDIS_CONNECTION_DEFAULTS, ...options };
  checkOptions(settings);
  const client = createClient({
    url: settings.url,
    scripts: SLOT_SCRIPTS,
    // Refused at once while disconnected: a node never queues events for a Redis that is away.
    disableOfflineQueue: true,
    commandsQueueMaxLength: settings.queueLimit,
    pingInterval: settings.pingIntervalMs,
    socket: {
      connectTimeout: settings.connectTimeoutMs,
      socketTimeout: settings.socketTimeoutMs,
      // Ours for every cause: node-redis's own strategy gives up for good after a socket timeout.
      reconnectStrategy: (retries) => reconnectDelay(retries, settings),
    },
  });
  client.on('error', onError);
  return client;
}

function checkOptions(options: RedisConnectionOptions): void {
  let url: URL;
  try {
    url = new URL(options.url);
  } catch {
    throw new Error(`the Redis URL must look like redis://host:port, not ${options.url}`);
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    throw new Error(`the Redis URL must start with redis:// or rediss://, not ${options.url}`);
  }
  for (const name of [
    'connectTimeoutMs',
    'pingIntervalMs',
    'socketTimeoutMs',
    'reconnectMinMs',
    'reconnectMaxMs',
    'queueLimit',
  ] as const) {
    const value = options[name];
    if (!Number.isInteger(value) || value < 1) {
      throw new Error(`${name} must be a whole number above 0, not ${value}`);
    }
  }
  if (options.reconnectMaxMs < options.reconnectMinMs) {
    throw new Error(
      `reconnectMaxMs (${options.reconnectMaxMs}) must not be below reconnectMinMs (${options.reconnectMinMs})`,
    );
  }
  // The timeout counts from the last traffic, a PING included: it must outlast the PING's interval.
  if (options.socketTimeoutMs <= options.pingIntervalMs) {
    throw new Error(
      `socketTimeoutMs (${options.socketTimeoutMs}) must be longer than pingIntervalMs (${options.pingIntervalMs})`,
    );
  }
}

/** A relay node's client: node-redis with the cluster's Lua scripts. */
export type RedisNodeClient = ReturnType<typeof createRedisClient>;
