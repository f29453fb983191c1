import WebSocket from 'ws';
import { describe, expect, it } from 'vitest';
import { parseInstallationMessage } from '../../../src/shared/protocol';
import { relayWith } from '../../helpers/relayTest';
import type { Received, TestClient } from '../../helpers/wsClient';

const crowds = (client: TestClient) => client.received.filter((m: Received) => m.type === 'crowd');

describe('the crowd subscription on a running relay', () => {
  const world = relayWith(['--no-app']);
  const { installation, player } = world;

  it('gives ?crowd=N the crowd as one, N times a second, and nothing about any one user', async () => {
    const watcher = await installation();
    const crowdOnly = await installation('?crowd=20');
    const a = await player(1, watcher);
    const b = await player(2, watcher);
    a.send({ type: 'update', sliderId: 1, x: 1, y: 0, speed: 100, angle: 0 });
    b.send({ type: 'update', sliderId: 2, x: 0, y: 0.5, speed: 50, angle: 90 });
    b.send({ type: 'slider', sliderId: 2, name: 'zoom', value: 0.25 });
    a.send({ type: 'button', sliderId: 1, name: 'fire', pressed: true });
    const latest = await crowdOnly.next(
      (m: Received) => m.type === 'crowd' && m.count === 2 && m.buttons.fire === 1 && m.y === 0.25,
    );
    expect(latest).toEqual({
      type: 'crowd',
      count: 2,
      x: 0.5,
      y: 0.25,
      speed: 75,
      sliders: { zoom: 0.25 },
      buttons: { fire: 1 },
    });
    expect(crowdOnly.received.every((m: Received) => m.type === 'crowd')).toBe(true);
    // About 20 a second: in 1 s, neither a handful nor a flood.
    const before = crowds(crowdOnly).length;
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const inASecond = crowds(crowdOnly).length - before;
    expect(inASecond).toBeGreaterThanOrEqual(10);
    expect(inASecond).toBeLessThanOrEqual(30);
    // The monitor-style counts: the crowd subscriber is an installation like any other.
    expect((await world.relay.health()).installations).toBe(2);
  });

  it('takes batch and crowd together as a first message: frames and the crowd', async () => {
    const watcher = await installation();
    const both = await installation();
    both.send({ type: 'subscribe', batch: 5, crowd: 5 });
    const a = await player(3, watcher);
    a.send({ type: 'update', sliderId: 3, x: -1, y: 0, speed: 100, angle: 180 });
    await both.next((m: Received) => m.type === 'frame' && m.users.length === 1);
    const crowd = await both.next(
      (m: Received) => m.type === 'crowd' && m.count === 1 && m.x === -1,
    );
    expect(crowd).toMatchObject({ count: 1, x: -1, y: 0, speed: 100 });
    expect(both.received.some((m: Received) => m.type === 'update')).toBe(false);
  });

  it('refuses a crowd rate out of range: 400 on the URL, 1008 in a subscribe', async () => {
    const status = await new Promise<number>((resolve) => {
      const socket = new WebSocket(`${world.relay.installationUrl}?crowd=121`);
      socket.on('unexpected-response', (_, response) => resolve(response.statusCode ?? 0));
      socket.on('error', () => {});
    });
    expect(status).toBe(400);
    const client = await installation();
    client.send({ type: 'subscribe', crowd: 0 });
    expect(await client.closed).toEqual({
      code: 1008,
      reason: 'crowd must be a whole number from 1 to 120',
    });
  });
});

describe('parseInstallationMessage, on subscribe', () => {
  it.each([
    ['{"type":"subscribe","batch":30}', { type: 'subscribe', batch: 30 }],
    ['{"type":"subscribe","crowd":10}', { type: 'subscribe', crowd: 10 }],
    ['{"type":"subscribe","batch":2,"crowd":120}', { type: 'subscribe', batch: 2, crowd: 120 }],
  ])('takes %s', (text, message) => {
    expect(parseInstallationMessage(text)).toEqual({ ok: true, message });
  });

  it.each([
    ['{"type":"subscribe"}', 'bad-batch'],
    ['{"type":"subscribe","batch":0,"crowd":5}', 'bad-batch'],
    ['{"type":"subscribe","crowd":121}', 'bad-crowd'],
    ['{"type":"subscribe","crowd":"10"}', 'bad-crowd'],
    ['{"type":"subscribe","batch":5,"crowd":1.5}', 'bad-crowd'],
  ])('refuses %s as %s', (text, reason) => {
    expect(parseInstallationMessage(text)).toEqual({ ok: false, reason });
  });
});
