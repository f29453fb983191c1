import { describe, expect, it } from 'vitest';
import { createClusterBus, type ClusterBus } from '../../../../server/core/clusterBus';
import type { InstallationEvent, UserId } from '../../../../src/shared/protocol';

const connect = (sliderId: UserId, slot: number): InstallationEvent => ({
  type: 'connect',
  sliderId,
  slot,
});
const update = (sliderId: UserId, slot: number, x: number): InstallationEvent => ({
  type: 'update',
  sliderId,
  slot,
  x,
  y: 0,
  speed: Math.round(Math.abs(x) * 100),
  angle: 0,
});

/**
 * Nodes on one in-memory channel: what one publishes reaches every node
 * (itself included, as with Redis) when `deliver()` runs, unless the line is
 * down, when it is lost.
 */
function cluster(names: string[]) {
  const queued: string[] = [];
  const line = { up: true };
  const heard = new Map<string, InstallationEvent[]>();
  const moved = new Map<string, UserId[]>();
  /** What the other nodes asked of each node's phones. */
  const asked = new Map<string, string[]>();
  const published: string[] = [];
  const soon: (() => void)[] = [];
  const nodes = new Map<string, ClusterBus>();
  for (const name of names) {
    const bus = createClusterBus({
      node: name,
      broker: {
        publish(text) {
          published.push(text);
          if (line.up) queued.push(text);
        },
      },
      soon: (send) => soon.push(send),
    });
    heard.set(name, []);
    moved.set(name, []);
    asked.set(name, []);
    // As the core would: only the phones this node holds (its users' connects) answer.
    bus.serve({
      send: (to, event) => {
        asked.get(name)!.push(`send ${to} ${event.event}`);
        return to === 'all' || (bus.users.ids().includes(to) && !bus.remoteUsers().has(name));
      },
      kick: (id) => (asked.get(name)!.push(`kick ${id}`), true),
      handOver: (id) => moved.get(name)!.push(id),
    });
    bus.attach({ publish: (event) => heard.get(name)!.push(event) });
    nodes.set(name, bus);
  }
  /** One turn of each node's loop, then the channel delivers everything queued. */
  function deliver(): void {
    while (soon.length > 0 || queued.length > 0) {
      for (const send of soon.splice(0)) send();
      for (const text of queued.splice(0)) for (const bus of nodes.values()) bus.received(text);
    }
  }
  const node = (name: string) => nodes.get(name)!;
  const of = (name: string) => heard.get(name)!;
  return { node, of, deliver, line, moved, asked, published };
}

describe('the cluster bus', () => {
  it('gives every node’s outputs every node’s events, each node’s in order, gathered a turn at a time', () => {
    const { node, of, deliver, published } = cluster(['a', 'b']);
    node('a').publish(connect(1, 1));
    node('a').publish(update(1, 1, 0.5));
    node('b').publish(connect(2, 2));
    // This node's own outputs hear its events at once.
    expect(of('a')).toEqual([connect(1, 1), update(1, 1, 0.5)]);
    deliver();
    expect(of('b')).toEqual([connect(2, 2), connect(1, 1), update(1, 1, 0.5)]);
    expect(of('a')).toEqual([connect(1, 1), update(1, 1, 0.5), connect(2, 2)]);
    expect(published.map((text) => JSON.parse(text).events.length)).toEqual([2, 1]);
    // One roster for the cluster, so a late installation's replay covers both nodes.
    expect(node('b').users.ids().sort()).toEqual([1, 2]);
    expect(node('b').remoteUsers()).toEqual(new Map([['a', 1]]));
  });

  it('takes a user who reconnects on another node with their connect and no delete, and closes the old socket', () => {
    const { node, of, deliver, moved } = cluster(['a', 'b']);
    node('a').publish(connect(7, 1));
    deliver();
    node('b').publish(connect(7, 1));
    deliver();
    expect(moved.get('a')).toEqual([7]);
    // As when a phone reconnects to one relay: its connect again, and never a delete.
    expect(of('a')).toEqual([connect(7, 1), connect(7, 1)]);
    expect(of('b')).toEqual([connect(7, 1), connect(7, 1)]);
    // The old node's late messages about the user no longer count; the new node's do.
    node('a').publish(update(7, 1, 0.9));
    node('a').publish({ type: 'delete', sliderId: 7, slot: 1 });
    node('b').publish(update(7, 1, 0.1));
    deliver();
    expect(of('b')).toEqual([connect(7, 1), connect(7, 1), update(7, 1, 0.1)]);
    expect(of('a')).toEqual([connect(7, 1), connect(7, 1), update(7, 1, 0.1)]);
  });

  it('passes a send or kick for a user on another node to the nodes, and one to all to every other node', () => {
    const { node, deliver, asked } = cluster(['a', 'b', 'c']);
    node('a').publish(connect(1, 1));
    node('b').publish(connect(2, 2));
    deliver();
    // A user of this node, or of none, is not the cluster's to reach.
    expect(node('b').send(2, { event: 'text', data: 'hi' })).toBe(false);
    expect(node('b').send(99, { event: 'text', data: 'hi' })).toBe(false);
    expect(node('b').kick(99)).toBe(false);
    expect(node('b').send(1, { event: 'text', data: 'hi' })).toBe(true);
    expect(node('b').kick(1)).toBe(true);
    expect(node('c').send('all', { event: 'layout', data: {} })).toBe(true);
    deliver();
    expect(asked.get('a')).toEqual(['send 1 text', 'kick 1', 'send all layout']);
    expect(asked.get('b')).toEqual(['send all layout']);
    expect(asked.get('c')).toEqual(['send 1 text', 'kick 1']);
  });

  it('lets a gone node’s users leave, each with the slot they held', () => {
    const { node, of, deliver } = cluster(['a', 'b']);
    node('a').publish(connect(1, 1));
    node('a').publish(connect(3, 2));
    node('b').publish(connect(2, 3));
    deliver();
    node('b').nodeGone('a');
    expect(of('b').slice(-2)).toEqual([
      { type: 'delete', sliderId: 1, slot: 1, reason: 'disconnect' },
      { type: 'delete', sliderId: 3, slot: 2, reason: 'disconnect' },
    ]);
    expect(node('b').users.ids()).toEqual([2]);
    expect(node('b').remoteUsers()).toEqual(new Map());
  });

  it('catches up after the line was down: who left leaves, who came comes, only what changed is told', () => {
    const { node, of, deliver, line } = cluster(['a', 'b']);
    node('a').publish(connect(1, 1));
    node('a').publish(update(1, 1, 0.5));
    node('a').publish(connect(2, 2));
    deliver();
    const before = of('b').length;
    line.up = false;
    node('a').publish({ type: 'delete', sliderId: 2, slot: 2 });
    node('a').publish(connect(3, 2));
    node('a').publish(update(3, 2, -0.25));
    deliver();
    expect(of('b')).toHaveLength(before);
    line.up = true;
    node('a').announce();
    deliver();
    expect(of('b').slice(before)).toEqual([
      { type: 'delete', sliderId: 2, slot: 2, reason: 'disconnect' },
      connect(3, 2),
      update(3, 2, -0.25),
    ]);
    expect(node('b').users.ids()).toEqual([1, 3]);
  });

  it('answers a node that asks with its own users, so a node that joins late knows the cluster', () => {
    const { node, of, deliver } = cluster(['a', 'b']);
    node('a').publish(connect(1, 1));
    node('a').publish(update(1, 1, 0.5));
    // b did not hear that (it joins now): it asks.
    of('b').length = 0;
    node('b').users.apply({ type: 'delete', sliderId: 1, slot: 1 });
    node('b').announce();
    deliver();
    expect(of('b')).toEqual([connect(1, 1), update(1, 1, 0.5)]);
  });

  it('tells its own outputs, as it stops, that the other nodes’ users left too, and tells the others nothing', () => {
    const { node, of, deliver, published } = cluster(['a', 'b']);
    node('a').publish(connect(1, 1));
    node('b').publish(connect(2, 2));
    deliver();
    const sent = published.length;
    node('b').stop();
    expect(of('b').slice(-1)).toEqual([
      { type: 'delete', sliderId: 1, slot: 1, reason: 'disconnect' },
    ]);
    expect(published).toHaveLength(sent);
    expect(node('a').users.ids()).toEqual([1, 2]);
  });

  it('counts and drops what is not a node’s message, and ignores its own', () => {
    const { node, of } = cluster(['a']);
    for (const junk of ['', 'nope', '{}', '{"node":"x","kind":"events"}', 'null']) {
      node('a').received(junk);
    }
    node('a').received(JSON.stringify({ node: 'a', kind: 'events', events: [connect(1, 1)] }));
    expect(node('a').malformed).toBe(5);
    expect(of('a')).toEqual([]);
  });
});
