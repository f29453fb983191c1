import type { InstallationEvent, PhoneEvent, UserId } from '../../src/shared/protocol.js';
import type { EventBus } from './bus.js';
import type { RelayOutput } from './output.js';
import type { LocalPhones, RemotePhones } from './relayCore.js';
import { createRoster } from './roster.js';

/**
 * What the cluster bus needs of a broker (Redis pub/sub, server/cluster/):
 * one channel every node hears, each node's messages in the order it sent
 * them. While the broker is down a message may be lost; the bus catches up
 * with a `sync` when it is back.
 */
export interface Broker {
  /** Must not throw and must not wait. */
  publish(text: string): void;
}

/** What nodes say to each other on the broker's channel. */
export type NodeMessage =
  /** Events this node's core accepted, in order. */
  | { node: string; kind: 'events'; events: InstallationEvent[] }
  /**
   * Everything this node's users are now: each one's connect and latest
   * controls. `ask`: the others answer with theirs (a node that just joined,
   * or whose broker came back).
   */
  | { node: string; kind: 'sync'; events: InstallationEvent[]; ask: boolean }
  /** An installation's `send`: for the node that holds user `to`, or for every node's phones. */
  | { node: string; kind: 'send'; to: UserId | 'all'; event: PhoneEvent }
  /** An installation's `kick`, for the node that holds user `to`. */
  | { node: string; kind: 'kick'; to: UserId };

const KINDS: readonly string[] = ['events', 'sync', 'send', 'kick'];

/** The cluster's side of the bus, besides what every bus does; as `RemotePhones` it reaches the other nodes' phones. */
export interface ClusterBus extends EventBus, RemotePhones {
  /** This node's phones, for what the other nodes ask of them (given once the core exists). */
  serve(here: LocalPhones): void;
  /** This node's name on the broker. */
  readonly node: string;
  /** A message from the broker's channel (this node's own included: they are ignored). */
  received(text: string): void;
  /** The broker is up (again): send this node's state and ask for everyone's. */
  announce(): void;
  /** Another node is gone (its presence ran out): its users leave, for this node's outputs; their ids. */
  nodeGone(node: string): UserId[];
  /** The nodes this one has heard users from, with how many each has now. */
  remoteUsers(): Map<string, number>;
  /** Messages from the broker that were not a node's, counted and dropped. */
  readonly malformed: number;
}

export interface ClusterBusOptions {
  node: string;
  broker: Broker;
  /** Runs `send` soon, once for all events published before it runs (setImmediate in the relay). */
  soon: (send: () => void) => void;
}

/**
 * The bus of one node among several. Each event of this node's core goes to
 * this node's outputs at once and to the other nodes through the broker,
 * gathered into one message a turn of the event loop; each event of another
 * node goes to this node's outputs as it arrives. The roster is the whole
 * cluster's, so a late installation's replay covers every node.
 */
export function createClusterBus({ node, broker, soon }: ClusterBusOptions): ClusterBus {
  const users = createRoster();
  const outputs: RelayOutput[] = [];
  /** Which node each present user is on. */
  const nodeOf = new Map<UserId, string>();
  let outgoing: InstallationEvent[] = [];
  let malformed = 0;
  /** This node's phones; none until the core is made. */
  let here: LocalPhones | null = null;

  /** Says something to the other nodes now, after the events gathered so far, so it cannot overtake them. */
  function say(message: NodeMessage): void {
    flush();
    broker.publish(JSON.stringify(message));
  }

  const deliver = (event: InstallationEvent): void => {
    users.apply(event);
    for (const output of outputs) output.publish(event);
  };

  function flush(): void {
    const events = outgoing;
    outgoing = [];
    if (events.length > 0) broker.publish(JSON.stringify({ node, kind: 'events', events }));
  }

  /** User `id` is on node `from` now; one of this node's who connected on another leaves its socket here. */
  function holdAt(id: UserId, from: string): void {
    const before = nodeOf.get(id);
    nodeOf.set(id, from);
    // The older socket goes, as within one relay: closed with 4000, and no delete.
    if (before === node && from !== node) here?.handOver(id);
  }

  /** One event from the broker or this node's core, kept once in the roster and the outputs. */
  function take(event: InstallationEvent, from: string): void {
    if (event.type === 'connect') {
      // A phone that reconnects says connect again, on any node, as it does to one relay.
      holdAt(event.sliderId, from);
      deliver(event);
      return;
    }
    // A user's messages count only from the node that holds them now.
    if (nodeOf.get(event.sliderId) !== from) return;
    if (event.type === 'delete') nodeOf.delete(event.sliderId);
    deliver(event);
  }

  /** The users on `from` that its sync no longer lists have left; the rest are as it says. */
  function sync(from: string, events: InstallationEvent[]): void {
    const listed = new Set(events.map((event) => event.sliderId));
    for (const [id, on] of [...nodeOf]) {
      if (on === from && !listed.has(id)) leave(id);
    }
    for (const event of events) {
      // Users this node knows already are told again only what changed.
      if (event.type === 'connect' && users.latest(event.sliderId)) holdAt(event.sliderId, from);
      else if (!sameAsKept(event)) take(event, from);
    }
  }

  /** Whether the roster holds this very message already: a sync need not tell outputs again. */
  function sameAsKept(event: InstallationEvent): boolean {
    const state = users.latest(event.sliderId);
    if (!state) return false;
    const kept =
      event.type === 'update'
        ? state.update
        : event.type === 'slider'
          ? state.sliders?.get(event.name)
          : event.type === 'button'
            ? state.buttons?.get(event.name)
            : undefined;
    return kept !== undefined && JSON.stringify(kept) === JSON.stringify(event);
  }

  /** A user of a node that is gone or no longer lists them leaves, as if their line dropped. */
  function leave(id: UserId): void {
    const slot = users.latest(id)?.slot ?? 0;
    nodeOf.delete(id);
    deliver({ type: 'delete', sliderId: id, slot, reason: 'disconnect' });
  }

  /** This node's users as a sync lists them. */
  function ownState(): InstallationEvent[] {
    return users.replay().filter((event) => nodeOf.get(event.sliderId) === node);
  }

  function parse(text: string): NodeMessage | null {
    try {
      const message = JSON.parse(text) as NodeMessage;
      const ok =
        typeof message === 'object' &&
        message !== null &&
        typeof message.node === 'string' &&
        KINDS.includes(message.kind) &&
        (message.kind === 'send' || message.kind === 'kick' || Array.isArray(message.events));
      return ok ? message : null;
    } catch {
      return null;
    }
  }

  return {
    node,
    users,
    publish(event) {
      take(event, node);
      if (outgoing.length === 0) soon(flush);
      outgoing.push(event);
    },
    attach(output) {
      outputs.push(output);
    },
    stop() {
      flush();
      // This node's installations lose sight of the cluster: for them, the other nodes' users leave too.
      for (const [id, on] of [...nodeOf]) if (on !== node) leave(id);
      for (const output of outputs) output.stop?.();
    },
    received(text) {
      const message = parse(text);
      if (message === null) {
        malformed += 1;
        return;
      }
      if (message.node === node) return;
      if (message.kind === 'send') {
        here?.send(message.to, message.event);
        return;
      }
      if (message.kind === 'kick') {
        here?.kick(message.to);
        return;
      }
      if (message.kind === 'events') {
        for (const event of message.events) take(event, message.node);
        return;
      }
      sync(message.node, message.events);
      if (message.ask) say({ node, kind: 'sync', events: ownState(), ask: false });
    },
    announce() {
      // What was gathered while the broker was down is in the sync.
      outgoing = [];
      broker.publish(JSON.stringify({ node, kind: 'sync', events: ownState(), ask: true }));
    },
    serve(phones) {
      here = phones;
    },
    send(to, event) {
      const on = to === 'all' ? undefined : nodeOf.get(to);
      if (to !== 'all' && (on === undefined || on === node)) return false;
      say({ node, kind: 'send', to, event });
      return true;
    },
    kick(id) {
      const on = nodeOf.get(id);
      if (on === undefined || on === node) return false;
      say({ node, kind: 'kick', to: id });
      return true;
    },
    nodeGone(gone) {
      const left = [...nodeOf].filter(([, on]) => on === gone).map(([id]) => id);
      for (const id of left) leave(id);
      return left;
    },
    remoteUsers() {
      const counts = new Map<string, number>();
      for (const on of nodeOf.values()) {
        if (on !== node) counts.set(on, (counts.get(on) ?? 0) + 1);
      }
      return counts;
    },
    get malformed() {
      return malformed;
    },
  };
}
