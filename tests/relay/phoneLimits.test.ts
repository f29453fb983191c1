import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { textTo } from '../helpers/phoneMessages';
import type { RelayProcess } from '../helpers/relayProcess';
import { relayTest } from '../helpers/relayTest';
import type { Received, TestClient } from '../helpers/wsClient';

// Some tests leave sockets paused: they are dropped at once after each test.
const relays = relayTest({ endSockets: 'terminate' });
const open = relays.open;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Phones that stopped reading, each sending an unasked pong every 200 ms, as in the field report. */
async function stalledPhones(
  relay: RelayProcess,
  count: number,
  firstId: number,
  installation: TestClient,
) {
  const phones: TestClient[] = [];
  for (let i = 0; i < count; i += 1) {
    const phone = await relays.joinedPhone(relay, firstId + i, installation);
    phone.pause();
    const pongs = setInterval(() => phone.socket.pong(), 200);
    relays.later(() => clearInterval(pongs));
    phones.push(phone);
  }
  return phones;
}

describe('a phone that stopped reading', () => {
  it('is cut off once more than --phone-buffer is queued for it, counted as slowPhone, its user deleted', async () => {
    // A heartbeat far off, so only the buffer can cut these phones off.
    const relay = await relays.start(['--phone-buffer', '65536', '--heartbeat', '600']);
    const installation = await open(relay.installationUrl);
    await stalledPhones(relay, 5, 500, installation);
    const reading = await relays.joinedPhone(relay, 600, installation);

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
    const relay = await relays.start(['--heartbeat', '0.3']);
    const installation = await open(relay.installationUrl);
    await stalledPhones(relay, 2, 700, installation);
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
    const relay = await relays.start(['--connect-timeout', '0.5']);
    const silent = await open(relay.phoneSocketUrl);
    const badConnect = await open(relay.phoneSocketUrl);
    badConnect.send({ type: 'connect', sliderId: 0 });
    const player = await open(relay.phoneSocketUrl);
    player.send({ type: 'connect', sliderId: 900 });
    expect(await silent.closed).toEqual({ code: 1008, reason: 'no connect in time' });
    expect(await badConnect.closed).toEqual({ code: 1008, reason: 'no connect in time' });
    const health = await relay.waitForHealth((h) => h.controllers === 1);
    expect(health.cutOff.noConnect).toBe(2);
    // Past the player's own deadline, a text to it: it arrives only if the relay kept it.
    await sleep(1000);
    const installation = await open(relay.installationUrl);
    installation.send(textTo(900, 'still here'));
    expect(await player.next((m: Received) => m.event === 'text')).toEqual({
      event: 'text',
      data: 'still here',
    });
    expect(await relay.health()).toMatchObject({ users: 1, cutOff: { noConnect: 2 } });
  });
});
