import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { UserId } from '../../src/shared/protocol.js';
import { createClusterBus, type ClusterBus } from '../core/clusterBus.js';
import type { LocalPhones } from '../core/relayCoreApi.js';
import type { SlotBook } from '../core/slotBook.js';
import { clusterSlotBook } from './clusterSlotBook.js';
import { createPresence, type NodeReport, type Presence } from './presence.js';
import { createRedisBroker, type RedisBroker, type RedisBrokerStats } from './redisBroker.js';
import { createRedisClient, type RedisNodeClient } from './redisClient.js';
import { createClusterSlots, SLOT_DEFAULTS } from './slotScript.js';

/** How this relay joins a cluster (`--redis URL`). */
export interface ClusterSettings {
  url: string;
  /** Slots are 1..maxSlots across the cluster. */
  maxSlots: number;
  warn: (line: string) => void;
  /** Every node of one cluster uses the same prefix for its keys and channel. */
  prefix?: string;
  /** This node's name; made from the host, the process and a random part when omitted. */
  node?: string;
  /** Presence timings, for tests; PRESENCE_DEFAULTS otherwise. */
  presence?: { ttlMs: number; refreshMs: number };
}

/** What /healthz says of the cluster. */
export interface ClusterStats {
  /** This node's name, and whether it reaches Redis now. */
  node: string;
  redis: 'up' | 'down';
  /** Every node this one knows (itself included) and what they have, summed. */
  cluster: { nodes: number } & NodeReport;
  broker: RedisBrokerStats;
  /** Slot takes and releases that failed because Redis was away. */
  slotFailures: number;
}

/** One relay's part in a cluster: the bus and slot book its router runs on, and the Redis under them. */
export interface ClusterNode {
  readonly node: string;
  readonly bus: ClusterBus;
  readonly slots: SlotBook;
  /** Connects to Redis and joins; rejects with a line for the operator when Redis cannot be reached at start. */
  join(here: LocalPhones, report: () => NodeReport): Promise<void>;
  stats(report: NodeReport): ClusterStats;
  /** Leaves the cluster: the last events out, this node's key removed, the connections closed. */
  close(): Promise<void>;
}

/** How long the slot table's connection may take to close before it is dropped. */
const CLOSE_GRACE_MS = 1000;

/** How long the first connection to Redis may take before the relay gives up starting. */
const FIRST_CONNECT_MS = 5000;

const nodeName = (): string => `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;

/** Makes this relay's cluster side; nothing talks to Redis before `join`. */
export function createClusterNode(settings: ClusterSettings): ClusterNode {
  const node = settings.node ?? nodeName();
  const prefix = settings.prefix ?? SLOT_DEFAULTS.prefix;
  const { warn } = settings;
  let reported = false;
  const onClientError = (error: Error): void => {
    // The broker says when Redis goes and comes back; one line here for the first other error.
    if (reported) return;
    reported = true;
    warn(`crowdstick: Redis: ${error.message}; further errors are only counted`);
  };
  const client: RedisNodeClient = createRedisClient({ url: settings.url }, onClientError);
  let joined = false;
  let brokerUps = 0;
  let presence: Presence | null = null;

  const tableSlots = createClusterSlots(client, { node, prefix, limit: settings.maxSlots });
  // The broker made just below: the bus publishes only once the relay runs.
  const bus: ClusterBus = createClusterBus({
    node,
    broker: { publish: (text) => broker.publish(text) },
    soon: (send) => setImmediate(send),
  });
  const broker: RedisBroker = createRedisBroker(
    { url: settings.url, channel: `${prefix}:events`, warn },
    {
      message: (text) => bus.received(text),
      up() {
        brokerUps += 1;
        // After a loss Redis may have restarted empty: this node's users take their slots back first.
        if (brokerUps > 1) retakeSlots();
        bus.announce();
      },
      down() {},
    },
  );
  const book = clusterSlotBook(tableSlots, bus.users, warn);

  /** Each of this node's users takes the slot they hold again: a no-op unless Redis lost its data. */
  function retakeSlots(): void {
    for (const state of bus.users.states()) {
      const id = state.connect.sliderId;
      if (book.of(id) === undefined) continue;
      tableSlots.take(id, state.slot).catch(() => {});
    }
  }

  /** A node gone without a goodbye: its users leave here, and one node frees their slots. */
  function goneNode(gone: string, cleaner: boolean): void {
    // Presence has said so in the log already.
    const left: UserId[] = bus.nodeGone(gone);
    if (!cleaner) return;
    for (const id of left) tableSlots.release(id, gone).catch(() => {});
  }

  return {
    node,
    bus,
    slots: book,
    async join(phones, report) {
      bus.serve(phones);
      let timer: NodeJS.Timeout | undefined;
      const tooLong = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () =>
            reject(
              new Error(
                `crowdstick: --redis ${settings.url}: cannot reach Redis within ${FIRST_CONNECT_MS / 1000} s`,
              ),
            ),
          FIRST_CONNECT_MS,
        );
      });
      try {
        await Promise.race([client.connect(), tooLong]);
      } finally {
        clearTimeout(timer);
      }
      joined = true;
      presence = createPresence({
        client,
        node,
        prefix,
        report,
        gone: (gone, { cleaner }) => goneNode(gone, cleaner),
        warn,
        ...settings.presence,
      });
    },
    stats(own) {
      const others = presence?.nodes() ?? new Map();
      const cluster = { nodes: 1 + others.size, ...own };
      for (const entry of others.values()) {
        cluster.phones += entry.phones;
        cluster.installations += entry.installations;
        cluster.users += entry.users;
      }
      return {
        node,
        redis: broker.up ? 'up' : 'down',
        cluster,
        broker: broker.stats(),
        slotFailures: book.stats().failed,
      };
    },
    async close() {
      // The router's stop flushed the bus; what it published goes out in the broker's grace.
      await presence?.stop().catch(() => {});
      await broker.close();
      // A graceful close waits for every reply owed, which a silent Redis never sends: bounded.
      if (joined && client.isReady) {
        let timer: NodeJS.Timeout | undefined;
        const grace = new Promise<void>((resolve) => (timer = setTimeout(resolve, CLOSE_GRACE_MS)));
        await Promise.race([client.close().catch(() => {}), grace]);
        clearTimeout(timer);
      }
      if (client.isOpen) client.destroy();
    },
  };
}
