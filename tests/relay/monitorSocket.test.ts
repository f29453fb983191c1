import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRelayProcess, type RelayProcess } from '../helpers/relayProcess';
import { openClient, type TestClient } from '../helpers/wsClient';

const isPhones = (m: { type?: string }) => m.type === 'phones';

describe('a monitor socket (the root path with ?monitor=1)', () => {
  let relay: RelayProcess;
  beforeAll(async () => {
    relay = await startRelayProcess(['--public-url', 'https://play.example.org/']);
  });
  afterAll(() => relay.stop());

  it('is counted as a monitor in /healthz, not as an installation', async () => {
    const monitor = await openClient(`${relay.installationUrl}?monitor=1`);
    const installation = await openClient(relay.installationUrl);
    const health = await relay.waitForHealth((h) => h.monitors === 1 && h.installations === 1);
    expect(Object.keys(health).slice(0, 5)).toEqual([
      'ok',
      'controllers',
      'installations',
      'monitors',
      'users',
    ]);
    await monitor.close();
    await relay.waitForHealth((h) => h.monitors === 0 && h.installations === 1);
    await installation.close();
  });

  it('gets the phones report at once and every second; a plain installation never does', async () => {
    const installation = await openClient(relay.installationUrl);
    const phone = await openClient(relay.phoneSocketUrl);
    phone.send({ type: 'connect', sliderId: 9001 });
    await phone.next((m) => m.event === 'slot');
    const monitor = await openClient(`${relay.installationUrl}?monitor=1`);
    // The roster replay first, as to any installation.
    expect(await monitor.next()).toEqual({ type: 'connect', sliderId: 9001, slot: 1 });
    const first = await monitor.next(isPhones);
    expect(first).toEqual({
      type: 'phones',
      phoneUrl: 'https://play.example.org/',
      phones: [
        {
          sliderId: 9001,
          slot: 1,
          rttMs: expect.any(Number),
          perSecond: expect.any(Number),
          lastSeenMs: expect.any(Number),
        },
      ],
    });

    // The welcome ping's answer gives the round trip before the first heartbeat.
    const timed = await monitor.next(
      (m) => isPhones(m) && m.phones[0]?.rttMs !== null && m.phones[0]?.rttMs >= 0,
    );
    expect(timed.phones[0].rttMs).toBeLessThan(1000);

    // Moving, it is counted; away (its own delete), it keeps its row without a slot.
    const moving = setInterval(
      () => phone.send({ type: 'update', sliderId: 9001, x: 0.1, y: 0, speed: 10, angle: 0 }),
      20,
    );
    try {
      await monitor.next((m) => isPhones(m) && m.phones[0]?.perSecond >= 10, 5000);
    } finally {
      clearInterval(moving);
    }
    phone.send({ type: 'delete', sliderId: 9001 });
    const away = await monitor.next((m) => isPhones(m) && m.phones[0]?.slot === null);
    expect(away.phones).toEqual([expect.objectContaining({ sliderId: 9001, slot: null })]);

    await phone.close();
    await monitor.next((m) => isPhones(m) && m.phones.length === 0);
    // A connect after the last report the monitor got is the installation's marker:
    // every report sent by then stands before it.
    const marker = await openClient(relay.phoneSocketUrl);
    marker.send({ type: 'connect', sliderId: 9002 });
    await installation.next((m) => m.type === 'connect' && m.sliderId === 9002);
    expect(installation.received.filter(isPhones)).toEqual([]);
    await marker.close();
    await Promise.all([monitor.close(), installation.close()]);
  });

  it('may kick and send like any installation', async () => {
    const monitor = await openClient(`${relay.installationUrl}?monitor=1`);
    const phone = await openClient(relay.phoneSocketUrl);
    phone.send({ type: 'connect', sliderId: 9101 });
    await phone.next((m) => m.event === 'slot');
    monitor.send({ type: 'send', to: 'all', event: 'text', data: 'Hello, everyone' });
    expect(await phone.next()).toEqual({ event: 'text', data: 'Hello, everyone' });
    monitor.send({ type: 'kick', to: 9101 });
    expect((await phone.closed).code).toBe(4001);
    await monitor.close();
  });
});

describe('the phones report of a relay with neither app nor --public-url', () => {
  let relay: RelayProcess;
  let monitor: TestClient | undefined;
  beforeAll(async () => {
    relay = await startRelayProcess(['--no-app']);
  });
  afterAll(async () => {
    await monitor?.close();
    await relay.stop();
  });

  it('has no phone URL to show', async () => {
    monitor = await openClient(`${relay.installationUrl}?monitor=1`);
    expect(await monitor.next(isPhones)).toEqual({ type: 'phones', phoneUrl: null, phones: [] });
  });
});
