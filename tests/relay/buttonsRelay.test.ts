import { describe, expect, it } from 'vitest';
import { buttonOf as press } from '../helpers/phoneMessages';
import { relayWith } from '../helpers/relayTest';
import type { Received, TestClient } from '../helpers/wsClient';

const world = relayWith();
const { installation, player } = world;

describe('buttons on a running relay', () => {
  it('passes every press and release at once, in order, with the slot, to plain and batched installations', async () => {
    const plain = await installation();
    // A frame a second: a press that came as part of a frame only would come a second late.
    const batched = await installation('?batch=1');
    const phone = await player(42, plain);
    // A tap shorter than any frame, twice, and a second button held meanwhile.
    for (const message of [
      press(42, 'fire', true),
      press(42, 'jump', true),
      press(42, 'fire', false),
      press(42, 'fire', true),
      press(42, 'fire', false),
    ]) {
      phone.send(message);
    }
    const expected = [
      { type: 'button', sliderId: 42, slot: 1, name: 'fire', pressed: true },
      { type: 'button', sliderId: 42, slot: 1, name: 'jump', pressed: true },
      { type: 'button', sliderId: 42, slot: 1, name: 'fire', pressed: false },
      { type: 'button', sliderId: 42, slot: 1, name: 'fire', pressed: true },
      { type: 'button', sliderId: 42, slot: 1, name: 'fire', pressed: false },
    ];
    const buttons = (client: TestClient) =>
      client.received.filter((m: Received) => m.type === 'button');
    await plain.waitUntil(() => buttons(plain).length === 5);
    await batched.waitUntil(() => buttons(batched).length === 5);
    expect(buttons(plain)).toEqual(expected);
    expect(buttons(batched)).toEqual(expected);
    // The next frame carries the buttons' state as it now stands.
    const frame = await batched.next(
      (m: Received) => m.type === 'frame' && m.users.some((u: Received) => u.sliderId === 42),
    );
    expect(frame.users.find((u: Received) => u.sliderId === 42).buttons).toEqual({
      jump: true,
      fire: false,
    });
  });

  it('tells an installation that joins late which buttons are held', async () => {
    const watcher = await installation();
    const phone = await player(7, watcher);
    phone.send(press(7, 'boost', true));
    await watcher.next((m: Received) => m.type === 'button');
    const late = await installation();
    await late.waitUntil((all) => all.some((m: Received) => m.type === 'button'));
    expect(late.received.map((m: Received) => m.type)).toEqual(['connect', 'button']);
    expect(late.received[1]).toEqual({
      type: 'button',
      sliderId: 7,
      slot: 1,
      name: 'boost',
      pressed: true,
    });
  });

  it('drops a button message that breaks the contract, and counts it', async () => {
    const watcher = await installation();
    const phone = await player(9, watcher);
    const before = (await world.relay.health()).dropped?.['bad-field'] ?? 0;
    for (const bad of [
      { type: 'button', sliderId: 9, name: 'fire', pressed: 1 },
      { type: 'button', sliderId: 9, name: '', pressed: true },
      { type: 'button', sliderId: 9, name: 'x'.repeat(33), pressed: true },
      { type: 'button', sliderId: 9, pressed: false },
    ]) {
      phone.send(bad);
    }
    phone.send(press(9, 'ok', true));
    const good = await watcher.next((m: Received) => m.type === 'button');
    expect(good.name).toBe('ok');
    expect(watcher.received.filter((m: Received) => m.type === 'button')).toHaveLength(1);
    const health = await world.relay.waitForHealth(
      (h) => (h.dropped?.['bad-field'] ?? 0) - before === 4,
    );
    expect(health.dropped['bad-field'] - before).toBe(4);
  });
});
