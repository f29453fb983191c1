import { describe, expect, it, vi } from 'vitest';
import { WebSocket as WebSocketClient } from 'ws';
import { MAX_UNSENT_BYTES } from '../../../src/store/connection';
import type { ConnectionStatus, SocketFactory } from '../../../src/store/types';
import {
  pause,
  startStore,
  startTestRelay,
  stickRight,
  waitForState,
  freshRelayPerTest,
  ours,
} from './testRelay';

const { connect, update, slider } = ours;
const world = freshRelayPerTest();
const { sent, socketCount, waitForSent } = world;

/** The relay closes socket number `client` with `code` as soon as it has said `connect`. */
async function refuse(client: number, code: number, reason = '') {
  await waitForSent(client, 1);
  world.relay.clients[client]!.close(code, reason);
}

/** Polls `check` in real time: what it watches is no store state. */
async function until(check: () => boolean, what: string, timeoutMs = 3000) {
  for (const start = Date.now(); !check(); await pause(20)) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
  }
}

/** The backoff waits the store asked for so far: every setTimeout from 1 ms up to the patient cap. */
function spyOnBackoffs(): () => number[] {
  const spy = vi.spyOn(globalThis, 'setTimeout');
  return () =>
    spy.mock.calls
      .map(([, delay]) => delay)
      .filter(
        (delay): delay is number => typeof delay === 'number' && delay > 0 && delay <= 23_000,
      );
}

describe('the store when the relay closes with 1013 (the installation is full)', () => {
  it('says the installation is full, waits at least 3 s, and counts up through the brief opens', async () => {
    const backoffs = spyOnBackoffs();
    const statuses: ConnectionStatus[] = [];
    const store = startStore(world.relay, world.stops, { random: () => 1 }, (s) =>
      s.subscribe((state, previous) => {
        if (state.status !== previous.status) statuses.push(state.status);
      }),
    );
    await refuse(0, 1013, 'full');
    await waitForState(store, (s) => s.status === 'full', 'full');
    expect(store.getState().refusal).toEqual({ kind: 'full' });

    // A 1001 retry would have come by now (see below); a 1013 retry waits its floor.
    await pause(400);
    expect(world.relay.clients).toHaveLength(1);

    // Coming back to the page asks once more at once, and is refused again.
    store.getState().pageShown();
    await socketCount(2);
    await refuse(1, 1013, 'full');
    await until(
      () => backoffs().filter((delay) => delay >= 3000).length === 2,
      'the second patient wait',
    );
    // floor 3 s + full jitter at retry 0 and 1 of base 2 s: the count went on.
    expect(backoffs().filter((delay) => delay >= 3000)).toEqual([5000, 7000]);
    expect(store.getState().status).toBe('full');

    // After the first refusal, the refused sockets' opens never show as connected.
    store.getState().pageShown();
    await socketCount(3);
    await waitForState(store, (s) => s.status === 'connected', 'connected', 3000);
    expect(store.getState().refusal).toBeNull();
    expect(statuses).toEqual(['connected', 'full', 'connected']);
  });

  it('asks again at once when the page comes back while a refused attempt is still in flight', async () => {
    const backoffs = spyOnBackoffs();
    const store = startStore(world.relay, world.stops, { random: () => 1 });
    await refuse(0, 1013, 'full');
    await waitForState(store, (s) => s.status === 'full', 'full');
    store.getState().pageShown();
    await waitForSent(1, 1);

    // The visitor looks again while the relay has not yet answered socket 1.
    store.getState().pageShown();
    world.relay.clients[1]!.close(1013, 'full');
    await socketCount(3);
    // No patient wait came between socket 1's refusal and socket 2.
    expect(backoffs().filter((delay) => delay >= 3000)).toEqual([5000]);
    await waitForState(store, (s) => s.status === 'connected', 'connected', 3000);

    // Once that was answered, a refusal waits its floor again.
    world.relay.clients[2]!.close(1013, 'full');
    await until(
      () => backoffs().filter((delay) => delay >= 3000).length === 2,
      'the next patient wait',
    );
    expect(world.relay.clients).toHaveLength(3);
  });

  it('starts the count over once a socket has stayed open', async () => {
    const backoffs = spyOnBackoffs();
    const store = startStore(world.relay, world.stops, { random: () => 1 });
    await refuse(0, 1013);
    await waitForState(store, (s) => s.status === 'full', 'full');
    store.getState().pageShown();
    await socketCount(2);
    await waitForState(store, (s) => s.status === 'connected', 'connected');

    world.relay.clients[1]!.terminate();
    await socketCount(3);
    // The count started over: a lasting connection that vanished retries at
    // the soon pace from its first step, 200 ms at random() = 1.
    expect(backoffs().filter((delay) => delay !== 500)).toEqual([5000, 200]);
  });
});

describe('the store when the relay closes with 1008 (policy)', () => {
  it('shows the reason the relay gave, and retries patiently', async () => {
    const store = startStore(world.relay, world.stops, { random: () => 0 });
    await refuse(0, 1008, 'too many messages');
    await waitForState(store, (s) => s.status === 'refused', 'refused');
    expect(store.getState().refusal).toEqual({ kind: 'policy', reason: 'too many messages' });
    await pause(400);
    expect(world.relay.clients).toHaveLength(1);
  });
});

describe('the store when the relay closes with 1001 (going away)', () => {
  it('retries soon, with the plain reconnecting status and the same id', async () => {
    const backoffs = spyOnBackoffs();
    const store = startStore(world.relay, world.stops, { random: () => 1, renewUserId: () => 777 });
    await refuse(0, 1001, 'relay shutting down');
    await socketCount(2);
    await waitForSent(1, 1);
    expect(sent(1)).toEqual([connect]);
    // At random() = 1 the normal pace would wait 400 ms; the soon pace 200.
    expect(backoffs()).toEqual([200]);
    await waitForState(store, (s) => s.status === 'connected', 'connected');
    expect(store.getState().refusal).toBeNull();
  });

  it('keeps retrying within a second while the relay is away', async () => {
    const backoffs = spyOnBackoffs();
    const store = startStore(world.relay, world.stops, { random: () => 1 });
    await refuse(0, 1001);
    await waitForState(store, (s) => s.status === 'reconnecting', 'reconnecting');
    await world.relay.close();
    await until(() => backoffs().length >= 5, 'five retries', 5000);
    // Refused connections (no close frame) keep the restart's pace.
    expect(backoffs().slice(0, 5)).toEqual([200, 400, 800, 1000, 1000]);
    world.relay = await startTestRelay();
  });
});

describe('the store while it cannot send', () => {
  it('keeps only the latest state while offline, however much the visitor moves', async () => {
    const store = startStore(world.relay, world.stops, { random: () => 0 });
    await waitForSent(0, 1);
    store.getState().setNetworkOnline(false);
    for (let i = 1; i <= 1000; i++) store.getState().moveStick(stickRight(i / 1000));
    for (let i = 1; i <= 1000; i++) store.getState().moveSlider('slider', i / 1000);
    store.getState().releaseSlider('slider');
    store.getState().setNetworkOnline(true);
    // Once each: the held stick, and the slider let go at its last value.
    await waitForSent(1, 3);
    await pause(200);
    expect(sent(1)).toEqual([connect, update(1), slider('slider', 1)]);
  });

  it('drops frames instead of piling them up behind a backed-up socket', async () => {
    let backedUp = false;
    // A real socket; only its count of unsent bytes is made to look stuck.
    const openSocket: SocketFactory = (url) => {
      const socket = new WebSocketClient(url);
      Object.defineProperty(socket, 'bufferedAmount', {
        get: () => (backedUp ? MAX_UNSENT_BYTES + 1 : 0),
      });
      return socket;
    };
    const store = startStore(world.relay, world.stops, { openSocket });
    await waitForSent(0, 1);
    backedUp = true;
    for (let i = 1; i <= 5; i++) {
      store.getState().moveStick(stickRight(i / 10));
      await pause(5);
    }
    await pause(100);
    expect(sent(0)).toEqual([connect]);
    backedUp = false;
    store.getState().moveStick(stickRight(0.9));
    await waitForSent(0, 2);
    expect(sent(0)).toEqual([connect, update(0.9)]);
  });
});

describe('the store when the page comes back to the front', () => {
  it('retries at once instead of waiting out the backoff', async () => {
    const store = startStore(world.relay, world.stops, { random: () => 1 });
    await waitForSent(0, 1);
    world.relay.clients[0]!.terminate();
    await waitForState(store, (s) => s.status === 'reconnecting', 'reconnecting');
    store.getState().pageShown();
    await socketCount(2);
    await waitForSent(1, 1);
    expect(sent(1)).toEqual([connect]);
  });

  it('leaves an open socket alone', async () => {
    const store = startStore(world.relay, world.stops);
    await waitForState(store, (s) => s.status === 'connected', 'connected');
    store.getState().pageShown();
    await pause(200);
    expect(world.relay.clients).toHaveLength(1);
  });
});
