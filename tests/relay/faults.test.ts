import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { relayTest } from '../helpers/relayTest';
import type { Received, TestClient } from '../helpers/wsClient';

// Some tests leave sockets paused: they are dropped at once after each test.
const relays = relayTest({ endSockets: 'terminate' });
const open = relays.open;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The relay's resident memory, from the kernel. */
function rssBytes(pid: number): number {
  const line = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(line?.[1] ?? NaN) * 1024;
}

describe('the relay, when a phone vanishes', () => {
  it('deletes a phone that stops answering without a close, within the heartbeat window', async () => {
    const heartbeatMs = 300;
    const relay = await relays.start(['--heartbeat', String(heartbeatMs / 1000)]);
    const installation = await open(relay.installationUrl);
    const phone = await open(relay.phoneSocketUrl, { autoPong: false });
    phone.send({ type: 'connect', sliderId: 77 });
    await installation.next((m: Received) => m.type === 'connect');
    const started = Date.now();
    expect(await installation.next((m: Received) => m.type === 'delete', 5000)).toEqual({
      type: 'delete',
      sliderId: 77,
      slot: 1,
      reason: 'disconnect',
    });
    expect(Date.now() - started).toBeLessThanOrEqual(2 * heartbeatMs + 300);
    expect((await relay.health()).controllers).toBe(0);
  });
});

describe('the relay, when it is stopped', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)(
    'on %s sends installations a delete per live user, then closes every socket with 1001',
    async (signal) => {
      const relay = await relays.start();
      const installation = await open(relay.installationUrl);
      const phones = await Promise.all([1, 2, 3].map(() => open(relay.phoneSocketUrl)));
      phones.forEach((phone, index) => phone.send({ type: 'connect', sliderId: index + 11 }));
      await installation.waitUntil((all) => all.length === 3);
      // One of them leaves on its own first: it must not be deleted twice.
      phones[2]!.send({ type: 'delete', sliderId: 13 });
      await installation.waitUntil((all) => all.length === 4);

      process.kill(relay.pid, signal);
      const closes = await Promise.all([installation, ...phones].map((client) => client.closed));
      expect(closes.map((close) => close.code)).toEqual([1001, 1001, 1001, 1001]);
      // Phones' frames race each other, so the users come in either order, and so do their slots.
      const slotOf = new Map<number, number>(
        installation.received
          .slice(0, 3)
          .map((connect: Received) => [connect.sliderId, connect.slot]),
      );
      expect([...slotOf.values()].sort()).toEqual([1, 2, 3]);
      const goodbyes = installation.received.slice(4);
      goodbyes.sort((a: Received, b: Received) => a.sliderId - b.sliderId);
      expect(goodbyes).toEqual([
        { type: 'delete', sliderId: 11, slot: slotOf.get(11), reason: 'disconnect' },
        { type: 'delete', sliderId: 12, slot: slotOf.get(12), reason: 'disconnect' },
      ]);
      await relay.exited;
      expect(relay.output()).toContain(`Crowdstick relay stopping (${signal})`);
    },
  );
});

/** What one phone of the crowd did, to compare with what an installation saw. */
interface PhoneScript {
  id: number;
  client: TestClient;
  /** Whether it is connected now (sends updates). */
  live: boolean;
  seq: number;
  /** The connect/delete history it caused, in order. */
  events: string[];
}

describe('the relay, with a stalled installation', () => {
  it('keeps memory bounded while 200 phones play for 20 s, then delivers every join and leave in order and each user’s latest state', async () => {
    const slowBytes = 64 * 1024;
    const relay = await relays.start(['--slow-installation-bytes', String(slowBytes)]);
    const plain = await open(relay.installationUrl);
    const batched = await open(`${relay.installationUrl}?batch=30`);

    const phones: PhoneScript[] = [];
    const join = async (id: number): Promise<void> => {
      const client = await open(relay.phoneSocketUrl);
      const phone: PhoneScript = { id, client, live: true, seq: 0, events: ['connect'] };
      phones.push(phone);
      client.send({ type: 'connect', sliderId: id });
    };
    for (let id = 1; id <= 200; id += 50) {
      await Promise.all(Array.from({ length: 50 }, (_, k) => join(id + k)));
    }
    await plain.waitUntil(
      (all) => all.filter((m: Received) => m.type === 'connect').length === 200,
    );
    await batched.waitUntil(
      (all) => all.filter((m: Received) => m.type === 'connect').length === 200,
    );

    plain.pause();
    batched.pause();
    await sleep(500);
    const rssAtStall = rssBytes(relay.pid);

    // Long slider names make the stream heavy enough to fill the kernel's socket buffers too.
    const sliderName = 'a-rather-long-slider-name-32-chr';
    const tick = () => {
      for (const phone of phones) {
        if (!phone.live) continue;
        phone.seq += 1;
        const at = phone.seq / 1000;
        phone.client.send({
          type: 'update',
          sliderId: phone.id,
          x: at,
          y: -at,
          speed: 50,
          angle: 90,
        });
        phone.client.send({ type: 'slider', sliderId: phone.id, name: sliderName, value: at });
      }
    };
    const playing = setInterval(tick, 1000 / 30);
    let mostRss = rssAtStall;
    let mostBuffered = 0;
    let mostBacklog = 0;
    let slowSeen = 0;
    const started = Date.now();
    const at = (seconds: number) => sleep(Math.max(0, started + seconds * 1000 - Date.now()));
    const sample = async () => {
      const health = await relay.health();
      mostRss = Math.max(mostRss, rssBytes(relay.pid));
      mostBuffered = Math.max(mostBuffered, health.behind.mostBufferedBytes);
      mostBacklog = Math.max(mostBacklog, health.behind.backlogEntries);
      slowSeen = Math.max(slowSeen, health.slowInstallations);
    };
    const sampling = setInterval(() => void sample(), 500);
    try {
      await at(6);
      // Ten leave and come back, ten just leave, twenty vanish, twenty new ones join.
      for (const phone of phones.slice(0, 20)) {
        phone.live = false;
        phone.events.push('delete');
        phone.client.send({ type: 'delete', sliderId: phone.id });
      }
      await at(9);
      for (const phone of phones.slice(20, 40)) {
        phone.live = false;
        phone.events.push('delete:disconnect');
        phone.client.socket.terminate();
      }
      await at(12);
      for (const phone of phones.slice(0, 10)) {
        phone.client.send({ type: 'connect', sliderId: phone.id });
        phone.events.push('connect');
        phone.live = true;
      }
      await Promise.all(Array.from({ length: 20 }, (_, k) => join(201 + k)));
      await at(20);
    } finally {
      clearInterval(playing);
      clearInterval(sampling);
    }
    await sample();

    expect(slowSeen).toBe(2);
    // A stream of ~25 MB went to each: what the relay holds stays near the mark.
    expect(mostBuffered).toBeLessThan(slowBytes + 64 * 1024);
    expect(mostBacklog).toBeLessThanOrEqual(2 * (220 + 60));
    expect(mostRss - rssAtStall).toBeLessThan(40 * 1024 * 1024);

    plain.resume();
    batched.resume();
    const liveIds = phones.filter((phone) => phone.live).map((phone) => phone.id);
    const lastSent = new Map(phones.map((phone) => [phone.id, phone.seq / 1000]));
    const latestX = (all: Received[], id: number): number | undefined =>
      all.findLast(
        (m: Received) => m.sliderId === id && (m.type === 'update' || m.type === 'frame-user'),
      )?.x;
    const framesAsUsers = (all: Received[]): Received[] =>
      all.flatMap((m: Received) =>
        m.type === 'frame' ? m.users.map((u: Received) => ({ ...u, type: 'frame-user' })) : [m],
      );
    await plain.waitUntil(
      (all) => liveIds.every((id) => latestX(all, id) === lastSent.get(id)),
      20_000,
    );
    await batched.waitUntil(
      (all) => liveIds.every((id) => latestX(framesAsUsers(all), id) === lastSent.get(id)),
      20_000,
    );

    for (const [name, installation] of [
      ['plain', plain],
      ['batched', batched],
    ] as const) {
      const stream = framesAsUsers(installation.received);
      for (const phone of phones) {
        const own = stream.filter((m: Received) => m.sliderId === phone.id);
        const events = own
          .filter((m: Received) => m.type === 'connect' || m.type === 'delete')
          .map((m: Received) => (m.reason ? `${m.type}:${m.reason}` : m.type));
        expect(events, `${name}: the joins and leaves of ${phone.id}`).toEqual(phone.events);
        // Never an older position after a newer one, and none while the user is away.
        let live = false;
        let lastX = -1;
        let lastValue = -1;
        for (const message of own) {
          if (message.type === 'connect') live = true;
          else if (message.type === 'delete') live = false;
          else {
            expect(live, `${name}: state of ${phone.id} while away`).toBe(true);
            const x = message.x ?? lastX;
            const value =
              message.type === 'slider'
                ? message.value
                : (message.sliders?.[sliderName] ?? lastValue);
            expect(x, `${name}: ${phone.id}'s stick went back`).toBeGreaterThanOrEqual(lastX);
            expect(value, `${name}: ${phone.id}'s slider went back`).toBeGreaterThanOrEqual(
              lastValue,
            );
            lastX = x;
            lastValue = value;
          }
        }
      }
    }
  }, 90_000);
});
