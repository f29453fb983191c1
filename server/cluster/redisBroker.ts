import type { Broker } from '../core/clusterBus.js';
import { createRedisClient } from './redisClient.js';

/** Where the broker meets the other nodes, and where it says what happened to Redis. */
export interface RedisBrokerOptions {
  /** `redis://host:port`, as given to `--redis`. */
  url: string;
  /** The pub/sub channel every node of one cluster uses. */
  channel: string;
  /** One line for each loss of Redis and each return, never one per failed attempt. */
  warn: (line: string) => void;
}

/** What the broker tells its node. None of them may throw. */
export interface RedisBrokerHandlers {
  /** A message on the channel, this node's own included (Redis sends a publisher's messages to its own subscriber too). */
  message(text: string): void;
  /**
   * Publishing works and the channel is heard: the first time and after every
   * reconnect. Messages of the time between were lost, so the node announces
   * itself and catches up.
   */
  up(): void;
  /** The connection was lost: once per loss, however many attempts follow. */
  down(): void;
}

/** What the broker did so far. */
export interface RedisBrokerStats {
  /** Messages Redis took. */
  published: number;
  /** Messages dropped: Redis away, its queue full, or the broker closed. */
  refused: number;
  /** Messages heard on the channel. */
  received: number;
}

export interface RedisBroker extends Broker {
  /** Whether publishing works and the channel is heard now. */
  readonly up: boolean;
  stats(): RedisBrokerStats;
  /** Lets what was published go out (for a short grace), then closes both connections. */
  close(): Promise<void>;
}

/** How long `close()` waits for the last messages to be taken before it drops them. */
const CLOSE_GRACE_MS = 1000;

/**
 * A broker for the cluster bus over Redis pub/sub, on two connections: one
 * publishes and one is subscribed (a subscribed connection can do nothing
 * else). Each is made by its own `createRedisClient` call, so each has the
 * error listener: a `duplicate()` would not. Redis keeps one publisher's
 * messages in order, which is the order the bus needs.
 *
 * It is up when both connections are ready and the channel is subscribed.
 * The subscriber renews its subscription on every reconnect before it is
 * ready again, so a subscriber's `ready` after the first subscription means
 * it hears the channel again.
 */
export function createRedisBroker(
  { url, channel, warn }: RedisBrokerOptions,
  handlers: RedisBrokerHandlers,
): RedisBroker {
  if (channel === '') throw new Error('the Redis channel needs a name');
  const stats: RedisBrokerStats = { published: 0, refused: 0, received: 0 };
  let reason = 'the connection closed';
  let up = false;
  let everUp = false;
  let unreachableTold = false;
  let subscribed = false;
  let subscribing = false;
  let closed = false;
  let handlerFailureTold = false;

  const noteError = (error: Error): void => {
    reason = error.message;
    settle();
    if (!everUp && !unreachableTold && !closed) {
      unreachableTold = true;
      warn(
        `crowdstick: cannot reach Redis at ${url} (${reason}); serving this node's own phones and installations until it answers`,
      );
    }
  };
  const publisher = createRedisClient({ url }, noteError);
  const subscriber = createRedisClient({ url }, noteError);

  /** Tells the node when being up changed: each loss once, each return once. */
  function settle(): void {
    if (closed) return;
    const now = publisher.isReady && subscriber.isReady && subscribed;
    if (now === up) return;
    up = now;
    if (now) {
      if (everUp) warn('crowdstick: Redis is back; catching the cluster up');
      else if (unreachableTold) warn(`crowdstick: reached Redis at ${url}; joining the cluster`);
      everUp = true;
      handlers.up();
    } else {
      warn(
        `crowdstick: lost Redis at ${url} (${reason}); serving this node's own phones and installations until it is back`,
      );
      handlers.down();
    }
  }

  const hear = (text: string): void => {
    stats.received += 1;
    // A throw here would reach the client's reply parser and lose the messages behind it.
    try {
      handlers.message(text);
    } catch (error) {
      if (handlerFailureTold) return;
      handlerFailureTold = true;
      warn(`crowdstick: a cluster message could not be handled (${(error as Error).message})`);
    }
  };

  /** Once: later reconnects renew the subscription themselves. Retried on the next `ready` if it failed. */
  function subscribe(): void {
    if (subscribed || subscribing || closed) return;
    subscribing = true;
    subscriber.subscribe(channel, hear).then(
      () => {
        subscribing = false;
        subscribed = true;
        settle();
      },
      (error: Error) => {
        subscribing = false;
        reason = error.message;
      },
    );
  }

  for (const client of [publisher, subscriber]) {
    client.on('ready', () => {
      // A connection attempt that was under way when close() ran can still succeed.
      if (closed) client.destroy();
      else if (client === subscriber) subscribe();
      settle();
    });
    client.on('reconnecting', settle);
    client.on('end', settle);
    // Resolves on the first ready, however long Redis takes; each failure meanwhile is an 'error'.
    client.connect().catch(() => {});
  }

  async function closeClient(client: typeof publisher): Promise<void> {
    // Nothing it holds can reach a Redis that is away; a graceful close would wait for it all the same.
    if (!client.isReady) {
      client.destroy();
      return;
    }
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, CLOSE_GRACE_MS);
    });
    // close() waits for the replies owed; a silent Redis would owe them forever.
    const closing = Promise.resolve()
      .then(() => client.close())
      .catch(() => {});
    await Promise.race([closing, grace]);
    clearTimeout(timer);
    client.destroy();
  }

  return {
    publish(text) {
      // Down as soon as either connection is: what is refused now, the sync after `up` brings.
      if (closed || !up || !publisher.isReady) {
        stats.refused += 1;
        return;
      }
      try {
        publisher.publish(channel, text).then(
          () => (stats.published += 1),
          () => (stats.refused += 1),
        );
      } catch {
        stats.refused += 1;
      }
    },
    get up() {
      return up;
    },
    stats: () => ({ ...stats }),
    async close() {
      if (closed) return;
      closed = true;
      up = false;
      await Promise.all([closeClient(publisher), closeClient(subscriber)]);
    },
  };
}
