import { describe, expect, it } from 'vitest';
import { connectOf, frameRowOf as row, updateOf } from '../helpers/phoneMessages';
import { relayWith } from '../helpers/relayTest';
import { slotEvent, slotted } from '../helpers/slotted';
import type { Received, TestClient } from '../helpers/wsClient';

const world = relayWith();
const { installation } = world;

/**
 * Connects a phone (a new socket, or `phone` again) as user `id` and waits
 * until `watcher` saw the connect and the phone was told its slot; resolves
 * with the phone and the slot the installation saw. Phones join one at a time,
 * since frames of different sockets may reach the relay in either order.
 */
async function join(watcher: TestClient, id: number, phone?: TestClient) {
  const socket = phone ?? (await world.phoneSocket());
  const toldBefore = socket.received.filter((m: Received) => m.event === 'slot').length;
  socket.send(connectOf(id));
  const connect = await watcher.next((m: Received) => m.type === 'connect' && m.sliderId === id);
  await socket.waitUntil(
    (all) => all.filter((m: Received) => m.event === 'slot').length > toldBefore,
  );
  const told = socket.received.filter((m: Received) => m.event === 'slot').at(-1);
  expect(told, `the slot event of ${id}`).toEqual(slotEvent(connect.slot));
  return { phone: socket, slot: connect.slot as number };
}

/** Waits for the delete of user `id` at `watcher`. */
const leftAs = (watcher: TestClient, id: number) =>
  watcher.next((m: Received) => m.type === 'delete' && m.sliderId === id);

describe('slots on a running relay', () => {
  it('gives three phones slots 1, 2 and 3 as they connect, and tells each phone its own first', async () => {
    const watcher = await installation();
    const joined = [];
    for (const id of [9001, 42, 700]) joined.push(await join(watcher, id));
    expect(joined.map(({ slot }) => slot)).toEqual([1, 2, 3]);
    expect(watcher.texts).toEqual([
      '{"type":"connect","sliderId":9001,"slot":1}',
      '{"type":"connect","sliderId":42,"slot":2}',
      '{"type":"connect","sliderId":700,"slot":3}',
    ]);
    for (const [index, { phone }] of joined.entries()) {
      expect(phone.texts).toEqual([`{"event":"slot","data":${index + 1}}`]);
    }
  });

  it('gives a new phone the slot a leaver freed, and a returning id the smallest free slot once its own is taken', async () => {
    const watcher = await installation();
    await join(watcher, 101);
    const second = await join(watcher, 102);
    await join(watcher, 103);

    await second.phone.close();
    expect(await leftAs(watcher, 102)).toEqual({
      type: 'delete',
      sliderId: 102,
      slot: 2,
      reason: 'disconnect',
    });
    expect((await join(watcher, 104)).slot).toBe(2);
    // 102's old slot is 104's now, and 1 to 3 are held: the smallest free is 4.
    const back = await join(watcher, 102);
    expect(back.slot).toBe(4);
    expect(back.phone.received).toEqual([slotEvent(4)]);
  });

  it('gives a returning id its old slot while it is free, though a smaller one is free too', async () => {
    const watcher = await installation();
    const first = await join(watcher, 201);
    await join(watcher, 202);
    const third = await join(watcher, 203);

    await first.phone.close();
    await leftAs(watcher, 201);
    third.phone.send({ type: 'delete', sliderId: 203 });
    expect(await leftAs(watcher, 203)).toEqual({ type: 'delete', sliderId: 203, slot: 3 });
    // The same tab comes back on the same socket: slot 3 again, not the free 1.
    expect((await join(watcher, 203, third.phone)).slot).toBe(3);
    expect(third.phone.received).toEqual([slotEvent(3), slotEvent(3)]);
    // A tab reopened on a new socket as 201 gets its slot 1 back too.
    expect((await join(watcher, 201)).slot).toBe(1);
  });

  it('keeps the slot of a user whose tab moves to a new socket, and announces no delete', async () => {
    const watcher = await installation();
    await join(watcher, 301);
    const old = await join(watcher, 302);
    const moved = await join(watcher, 302);
    expect(await old.phone.closed).toEqual({ code: 4000, reason: 'replaced' });
    expect(moved.slot).toBe(2);
    // Once the relay has let the old socket go, a marker from the new one: a
    // delete for the old socket's close would stand before it.
    await world.relay.waitForHealth((h) => h.controllers === 2);
    moved.phone.send(updateOf(302, 0.5));
    await watcher.next((m: Received) => m.type === 'update');
    expect(watcher.received).toEqual([
      slotted(connectOf(301), 1),
      slotted(connectOf(302), 2),
      slotted(connectOf(302), 2),
      slotted(updateOf(302, 0.5), 2),
    ]);
  });

  it('sends to the phone that holds the slot a send names, and to nobody for a slot nobody holds', async () => {
    const watcher = await installation();
    const phones: TestClient[] = [];
    for (const id of [401, 402, 403]) phones.push((await join(watcher, id)).phone);
    const before = (await world.relay.health()).dropped;

    watcher.send({ type: 'send', slot: 2, event: 'text', data: 'player two' });
    watcher.send({ type: 'send', slot: 3, event: 'color', data: '#00ff88' });
    watcher.send({ type: 'send', slot: 4, event: 'text', data: 'nobody' });
    watcher.send({ type: 'send', slot: 1, to: 401, event: 'text', data: 'ambiguous' });
    // Frames from one installation arrive in order: once this is in, the rest were judged.
    watcher.send({ type: 'send', to: 'all', event: 'text', data: 'marker' });
    const marker = { event: 'text', data: 'marker' };
    for (const phone of phones) await phone.next((m: Received) => m.data === 'marker');

    const [one, two, three] = phones as [TestClient, TestClient, TestClient];
    expect(one.received).toEqual([slotEvent(1), marker]);
    expect(two.received).toEqual([slotEvent(2), { event: 'text', data: 'player two' }, marker]);
    expect(three.received).toEqual([slotEvent(3), { event: 'color', data: '#00ff88' }, marker]);
    const after = (await world.relay.health()).dropped;
    expect((after['no-such-user'] ?? 0) - (before['no-such-user'] ?? 0)).toBe(1);
    expect((after['bad-field'] ?? 0) - (before['bad-field'] ?? 0)).toBe(1);
  });

  it('replays every present user with their slot to an installation that connects late', async () => {
    const watcher = await installation();
    const first = await join(watcher, 501);
    const second = await join(watcher, 502);
    await join(watcher, 503);
    first.phone.send(updateOf(501, 0.25));
    second.phone.send({ type: 'delete', sliderId: 502 });
    await leftAs(watcher, 502);
    await join(watcher, 504);
    await watcher.next((m: Received) => m.type === 'update');

    const late = await installation();
    await late.waitUntil((all) => all.length === 4);
    expect(late.texts).toEqual([
      '{"type":"connect","sliderId":501,"slot":1}',
      '{"type":"update","sliderId":501,"slot":1,"x":0.25,"y":0,"speed":50,"angle":0}',
      '{"type":"connect","sliderId":503,"slot":3}',
      '{"type":"connect","sliderId":504,"slot":2}',
    ]);
  });

  it('gives every user of a ?batch= installation’s frames their slot, and its replay too', async () => {
    const watcher = await installation();
    const batched = await installation('?batch=20');
    const phones: TestClient[] = [];
    for (const id of [601, 602, 603]) phones.push((await join(watcher, id)).phone);
    await phones[1]!.close();
    await leftAs(watcher, 602);
    phones[0]!.send(updateOf(601, 0.5));
    phones[2]!.send(updateOf(603, -0.5));
    phones[2]!.send({ type: 'slider', sliderId: 603, name: 'gain', value: 0.75 });

    /** Each user's latest row in the frames so far. */
    const rows = (all: Received[]) => {
      const latest = new Map<number, Received>();
      for (const m of all) {
        if (m.type === 'frame') for (const user of m.users) latest.set(user.sliderId, user);
      }
      return latest;
    };
    const settled = (all: Received[]) =>
      rows(all).get(601)?.x === 0.5 && rows(all).get(603)?.sliders.gain === 0.75;
    await batched.waitUntil(settled);
    expect(rows(batched.received)).toEqual(
      new Map([
        [601, row(601, 1, 0.5)],
        [603, row(603, 3, -0.5, { sliders: { gain: 0.75 } })],
      ]),
    );
    expect(
      batched.texts.filter((text) => text.includes('"connect"') || text.includes('"delete"')),
    ).toEqual([
      '{"type":"connect","sliderId":601,"slot":1}',
      '{"type":"connect","sliderId":602,"slot":2}',
      '{"type":"connect","sliderId":603,"slot":3}',
      '{"type":"delete","sliderId":602,"slot":2,"reason":"disconnect"}',
    ]);
    expect(batched.texts.find((text) => text.includes('"users":[{'))).toMatch(
      /^\{"type":"frame","users":\[\{"sliderId":\d+,"slot":\d,"x":/,
    );

    // One that connects late gets every present user's connect, then a frame of all of them.
    const late = await installation('?batch=20');
    await late.waitUntil((all) => all.some((m: Received) => m.type === 'frame'));
    expect(late.received.slice(0, 3)).toEqual([
      { type: 'connect', sliderId: 601, slot: 1 },
      { type: 'connect', sliderId: 603, slot: 3 },
      { type: 'frame', users: [row(601, 1, 0.5), row(603, 3, -0.5, { sliders: { gain: 0.75 } })] },
    ]);
  });
});
