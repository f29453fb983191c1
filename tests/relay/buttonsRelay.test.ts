import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startRelayProcess, type RelayProcess } from '../helpers/relayProcess';
import { openClient, type Received, type TestClient } from '../helpers/wsClient';

let relay: RelayProcess;
const clients: TestClient[] = [];

beforeEach(async () => {
  relay = await startRelayProcess();
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
  await relay.stop();
});

async function open(url: string): Promise<TestClient> {
  const client = await openClient(url);
  clients.push(client);
  return client;
}

const press = (sliderId: number, name: string, pressed: boolean) => ({
  type: 'button',
  sliderId,
  name,
  pressed,
});

async function player(watcher: TestClient, id: number): Promise<TestClient> {
  const phone = await open(relay.phoneSocketUrl);
  phone.send({ type: 'connect', sliderId: id });
  await watcher.next((m: Received) => m.type === 'connect' && m.sliderId === id);
  return phone;
}

describe('buttons on a running relay', () => {
  it('passes every press and release at once, in order, with the slot, to plain and batched installations', async () => {
    const plain = await open(relay.installationUrl);
    // A frame a second: a press that came as part of a frame only would come a second late.
    const batched = await open(`${relay.installationUrl}?batch=1`);
    const phone = await player(plain, 42);
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
    const watcher = await open(relay.installationUrl);
    const phone = await player(watcher, 7);
    phone.send(press(7, 'boost', true));
    await watcher.next((m: Received) => m.type === 'button');
    const late = await open(relay.installationUrl);
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
    const watcher = await open(relay.installationUrl);
    const phone = await player(watcher, 9);
    const before = (await relay.health()).dropped?.['bad-field'] ?? 0;
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
    const health = await relay.waitForHealth((h) => (h.dropped?.['bad-field'] ?? 0) - before === 4);
    expect(health.dropped['bad-field'] - before).toBe(4);
  });
});
