import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { startRelayProcess, type RelayProcess } from '../helpers/relayProcess';
import { openClient, type Received, type TestClient } from '../helpers/wsClient';

let relay: RelayProcess | undefined;
const clients: TestClient[] = [];
const timers: ReturnType<typeof setInterval>[] = [];

afterEach(async () => {
  timers.splice(0).forEach(clearInterval);
  for (const client of clients.splice(0)) client.socket.terminate();
  await relay?.stop();
  relay = undefined;
});

async function open(url: string, options = {}): Promise<TestClient> {
  const client = await openClient(url, options);
  clients.push(client);
  return client;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Phones that stopped reading, each sending an unasked pong every 200 ms, as in the field report. */
async function stalledPhones(count: number, firstId: number, installation: TestClient) {
  const phones: TestClient[] = [];
  for (let i = 0; i < count; i += 1) {
    const phone = await open(relay!.phoneSocketUrl);
    phone.send({ type: 'connect', sliderId: firstId + i });
    await installation.next((m: Received) => m.type === 'connect' && m.sliderId === firstId + i);
    phone.pause();
    timers.push(setInterval(() => phone.socket.pong(), 200));
    phones.push(phone);
  }
  return phones;
}

describe('a phone that stopped reading', () => {
  it('is cut off once more than --phone-buffer is queued for it, counted as slowPhone, its user deleted', async () => {
    // A heartbeat far off, so only the buffer can cut these phones off.
    relay = await startRelayProcess(['--phone-buffer', '65536', '--heartbeat', '600']);
    const installation = await open(relay.installationUrl);
    await stalledPhones(5, 500, installation);
    const reading = await open(relay.phoneSocketUrl);
    reading.send({ type: 'connect', sliderId: 600 });
    await installation.next((m: Received) => m.type === 'connect' && m.sliderId === 600);

    // Texts to everyone until the stalled phones' buffers pass 64 KiB (loopback's
    // kernel buffers take a few MB first).
    const text = 'x'.repeat(7000);
    let sent = 0;
    while ((await relay.health()).cutOff.slowPhone < 5 && sent < 4000) {
      for (let i = 0; i < 100; i += 1) {
        installation.send({ type: 'send', to: 'all', event: 'text', data: text });
      }
      sent += 100;
      await sleep(20);
    }
    const health = await relay.waitForHealth((h) => h.cutOff.slowPhone === 5);
    expect(health.controllers).toBe(1);
    const deletes = await Promise.all(
      [500, 501, 502, 503, 504].map((id) =>
        installation.next((m: Received) => m.type === 'delete' && m.sliderId === id),
      ),
    );
    expect(deletes.every((m: Received) => m.reason === 'disconnect')).toBe(true);
    // The phone that reads kept every text, and stays.
    await reading.waitUntil(
      (all) => all.filter((m: Received) => m.event === 'text').length === sent,
    );
    expect(reading.socket.readyState).toBe(reading.socket.OPEN);
    const rssMb =
      Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${relay.pid}/status`, 'utf8'))?.[1]) /
      1024;
    expect(rssMb).toBeLessThan(150);
  }, 30_000);

  it('is cut off by the heartbeat even though it sends pongs nobody asked for', async () => {
    relay = await startRelayProcess(['--heartbeat', '0.3']);
    const installation = await open(relay.installationUrl);
    await stalledPhones(2, 700, installation);
    const answering = await open(relay.phoneSocketUrl);
    answering.send({ type: 'connect', sliderId: 800 });
    const deletes = await Promise.all(
      [700, 701].map((id) =>
        installation.next((m: Received) => m.type === 'delete' && m.sliderId === id, 3000),
      ),
    );
    expect(deletes.map((m: Received) => m.reason)).toEqual(['disconnect', 'disconnect']);
    const health = await relay.waitForHealth((h) => h.cutOff.silent === 2);
    // The phone whose ws answers each ping with its payload is still there.
    expect(health.controllers).toBe(1);
    expect(health.users).toBe(1);
  });
});

describe('a phone socket that never says connect', () => {
  it('is closed with 1008 after --connect-timeout and counted as noConnect; one that connects stays', async () => {
    relay = await startRelayProcess(['--connect-timeout', '0.5']);
    const silent = await open(relay.phoneSocketUrl);
    const badConnect = await open(relay.phoneSocketUrl);
    badConnect.send({ type: 'connect', sliderId: 0 });
    const player = await open(relay.phoneSocketUrl);
    player.send({ type: 'connect', sliderId: 900 });
    expect(await silent.closed).toEqual({ code: 1008, reason: 'no connect in time' });
    expect(await badConnect.closed).toEqual({ code: 1008, reason: 'no connect in time' });
    const health = await relay.waitForHealth((h) => h.controllers === 1);
    expect(health.cutOff.noConnect).toBe(2);
    await sleep(1000);
    expect(player.socket.readyState).toBe(player.socket.OPEN);
    expect((await relay.health()).users).toBe(1);
  });
});
