import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRelayProcess, type RelayProcess } from '../helpers/relayProcess';
import { openClient, type Received, type TestClient } from '../helpers/wsClient';

let relay: RelayProcess;

beforeAll(async () => {
  relay = await startRelayProcess();
});

afterAll(async () => {
  await relay.stop();
});

type UserRow = { x: number; y: number; speed: number; angle: number; [slider: string]: number };

/** Folds what an installation received, plain or batched, into one row per live user. */
function liveUsers(received: Received[]): Map<number, UserRow> {
  const users = new Map<number, UserRow>();
  const rowOf = (id: number): UserRow => users.get(id) ?? { x: 0, y: 0, speed: 0, angle: 0 };
  for (const m of received) {
    if (m.type === 'connect') users.set(m.sliderId, rowOf(m.sliderId));
    if (m.type === 'delete') users.delete(m.sliderId);
    if (m.type === 'update') {
      const { x, y, speed, angle } = m;
      users.set(m.sliderId, { ...rowOf(m.sliderId), x, y, speed, angle });
    }
    if (m.type === 'slider') users.set(m.sliderId, { ...rowOf(m.sliderId), [m.name]: m.value });
    if (m.type === 'frame') {
      for (const { sliderId, x, y, speed, angle, sliders } of m.users) {
        users.set(sliderId, { ...rowOf(sliderId), x, y, speed, angle, ...sliders });
      }
    }
  }
  return users;
}

const refusal = (url: string) =>
  openClient(url).then(
    () => 'opened',
    (error: Error) => error.message,
  );

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('batched installations on a running relay', () => {
  it('refuses ?batch= outside 1..120 with HTTP 400 before the socket opens', async () => {
    for (const batch of ['0', '121', 'fast', '']) {
      expect(await refusal(`${relay.installationUrl}?batch=${batch}`)).toBe(
        'Unexpected server response: 400',
      );
    }
  });

  it('closes with 1008 and a reason that says why when subscribe asks for batch 500', async () => {
    const installation = await openClient(relay.installationUrl);
    installation.send({ type: 'subscribe', batch: 500 });
    expect(await installation.closed).toEqual({
      code: 1008,
      reason: 'batch must be a whole number from 1 to 120',
    });
  });

  it('sees the same final state as a plain installation, by ?batch= or by subscribe', async () => {
    const plain = await openClient(relay.installationUrl);
    const byUrl = await openClient(`${relay.installationUrl}?batch=20`);
    const bySubscribe = await openClient(relay.installationUrl);
    bySubscribe.send({ type: 'subscribe', batch: 7 });
    const phones: TestClient[] = [];
    for (const id of [101, 102, 103]) {
      const phone = await openClient(relay.phoneSocketUrl);
      phone.send({ type: 'connect', sliderId: id });
      phones.push(phone);
    }
    const [a, b, c] = phones as [TestClient, TestClient, TestClient];
    for (let step = 1; step <= 30; step += 1) {
      const x = Math.round((step / 30) * 1000) / 1000;
      a.send({ type: 'update', sliderId: 101, x, y: -x, speed: step, angle: 315 });
      b.send({ type: 'slider', sliderId: 102, name: 'gain', value: x });
      if (step === 10) c.send({ type: 'delete', sliderId: 103 });
      if (step === 20) c.send({ type: 'connect', sliderId: 103 });
      await sleep(5);
    }
    b.send({ type: 'update', sliderId: 102, x: 0, y: 1, speed: 100, angle: 90 });
    await c.close(); // a tab closing: the relay says delete with reason disconnect

    const last = (m: Received) => m.type === 'update' && m.sliderId === 102 && m.y === 1;
    await plain.waitUntil((all) => all.some(last) && all.some((m) => m.reason === 'disconnect'));
    const expected = liveUsers(plain.received);
    expect([...expected.keys()]).toEqual([101, 102]);
    expect(expected.get(101)).toEqual({ x: 1, y: -1, speed: 30, angle: 315 });
    expect(expected.get(102)).toEqual({ x: 0, y: 1, speed: 100, angle: 90, gain: 1 });
    for (const batched of [byUrl, bySubscribe]) {
      await batched.waitUntil(
        (all) => JSON.stringify([...liveUsers(all)]) === JSON.stringify([...expected]),
      );
      expect(batched.received.some((m) => m.type === 'frame')).toBe(true);
    }
    // Connects and deletes are never batched away: the batched stream has them all, in order,
    // with the same slots.
    const joinsAndLeaves = (all: Received[]) =>
      all
        .filter((m) => m.type === 'connect' || m.type === 'delete')
        .map((m) => `${m.type} ${m.sliderId} in slot ${m.slot}`);
    expect(joinsAndLeaves(plain.received)).toHaveLength(6);
    expect(joinsAndLeaves(byUrl.received)).toEqual(joinsAndLeaves(plain.received));
    // And every user of every frame carries the slot of their connect.
    const slotOf = new Map<number, number>();
    for (const m of byUrl.received) {
      if (m.type === 'connect') slotOf.set(m.sliderId, m.slot);
      for (const user of m.type === 'frame' ? m.users : []) {
        expect(user.slot, `the slot of ${user.sliderId} in a frame`).toBe(
          slotOf.get(user.sliderId),
        );
      }
    }
    await Promise.all([plain, byUrl, bySubscribe, a, b].map((client) => client.close()));
  });

  it('sends far fewer frames than messages: at most about N a second', async () => {
    const plain = await openClient(relay.installationUrl);
    const batched = await openClient(`${relay.installationUrl}?batch=10`);
    const phone = await openClient(relay.phoneSocketUrl);
    phone.send({ type: 'connect', sliderId: 200 });
    const started = Date.now();
    for (let step = 1; step <= 60; step += 1) {
      phone.send({ type: 'update', sliderId: 200, x: step / 100, y: 0, speed: step, angle: 0 });
      await sleep(10);
    }
    const isLast = (m: Received) => m.sliderId === 200 && m.speed === 60;
    await plain.waitUntil((all) => all.some(isLast));
    await batched.waitUntil((all) => all.some((m) => m.type === 'frame' && m.users.some(isLast)));
    const seconds = (Date.now() - started) / 1000;
    const frames = batched.received.filter((m) => m.type === 'frame');
    expect(plain.received.filter((m) => m.type === 'update')).toHaveLength(60);
    expect(frames.length).toBeGreaterThanOrEqual(2);
    expect(frames.length).toBeLessThanOrEqual(Math.ceil(seconds * 10) + 1);
    await Promise.all([plain, batched, phone].map((client) => client.close()));
  });
});
