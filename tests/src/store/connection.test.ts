import { describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import { connectMessage, updateMessage } from '../../../src/shared/protocol';
import type { ConnectionStatus, SocketFactory } from '../../../src/store/types';
import {
  openWs,
  pause,
  startStore,
  startTestRelay,
  stickRight,
  TEST_USER_ID as ID,
  waitForState,
  freshRelayPerTest,
  ours,
} from './testRelay';

const { connect, remove, update } = ours;
const world = freshRelayPerTest();
const { sent, waitForSent } = world;
const isClosed = (client: number) => () =>
  world.relay.clients[client]?.readyState === WebSocket.CLOSED;

describe("the controller store's connection", () => {
  it('reports connecting until the socket opens, then connected', async () => {
    const statuses: ConnectionStatus[] = [];
    const store = startStore(world.relay, world.stops, {}, (s) => {
      statuses.push(s.getState().status);
      s.subscribe((state, previous) => {
        if (state.status !== previous.status) statuses.push(state.status);
      });
    });
    await waitForState(store, (state) => state.status === 'connected', 'connected');
    expect(statuses).toEqual(['connecting', 'connected']);
  });

  it('keeps saying connecting, and keeps trying, while the first connection has never opened', async () => {
    const deadRelay = await startTestRelay();
    await deadRelay.close();
    let attempts = 0;
    let enoughAttempts = () => {};
    const counted = new Promise<void>((resolve) => (enoughAttempts = resolve));
    const openSocket: SocketFactory = (url) => {
      if (++attempts === 3) enoughAttempts();
      return openWs(url);
    };
    const statuses: ConnectionStatus[] = [];
    const store = startStore(deadRelay, world.stops, { openSocket, random: () => 0 }, (s) =>
      s.subscribe((state) => statuses.push(state.status)),
    );
    await counted;
    expect(store.getState().status).toBe('connecting');
    expect(statuses.filter((status) => status !== 'connecting')).toEqual([]);
  });

  it('reconnects after the server drops it, with the same id: connect first, then only the current stick position', async () => {
    const store = startStore(world.relay, world.stops, { random: () => 0.5 }, (s) =>
      s.getState().moveStick(stickRight(0.5)),
    );
    await waitForSent(0, 2);
    expect(sent(0)).toEqual([connect, update(0.5)]);

    world.relay.clients[0]!.terminate();
    await waitForState(store, (state) => state.status === 'reconnecting', 'reconnecting');
    // Dragged while the socket is down: none of these may be replayed.
    for (let i = 1; i <= 9; i++) store.getState().moveStick(stickRight(i / 10));
    await waitForSent(1, 2);
    await pause(200);
    expect(sent(1)).toEqual([connect, update(0.9)]);
    expect(store.getState().status).toBe('connected');
  });

  it('sends connect alone after a reconnect when no control is held any more', async () => {
    const store = startStore(world.relay, world.stops, { random: () => 0.5 }, (s) =>
      s.getState().moveStick(stickRight(0.5)),
    );
    await waitForSent(0, 2);
    world.relay.clients[0]!.terminate();
    await waitForState(store, (state) => state.status === 'reconnecting', 'reconnecting');
    store.getState().releaseStick();
    await waitForSent(1, 1);
    await pause(200);
    expect(sent(1)).toEqual([connect]);
  });

  it('starts the backoff over after each successful open', async () => {
    const setTimeoutSpy = vi.spyOn(globalThis, 'setTimeout');
    // random() = 1 makes each backoff its ceiling. A held socket that vanishes
    // (terminate: no close frame) retries at the soon pace: 200 ms, then 400 ms
    // if the count went on.
    const store = startStore(world.relay, world.stops, { random: () => 1 });
    for (const client of [0, 1]) {
      await waitForSent(client, 1);
      world.relay.clients[client]!.terminate();
      await waitForState(store, (state) => state.status === 'reconnecting', 'reconnecting');
    }
    await waitForSent(2, 1);
    const backoffs = setTimeoutSpy.mock.calls
      .map(([, delay]) => delay)
      .filter((delay) => typeof delay === 'number' && delay >= 200 && delay <= 5000);
    expect(backoffs).toEqual([200, 200]);
  });

  it('goes offline without retrying, and reconnects when the network is back', async () => {
    const store = startStore(world.relay, world.stops, { random: () => 0 });
    await waitForSent(0, 1);
    store.getState().setNetworkOnline(false);
    expect(store.getState().status).toBe('offline');
    await world.relay.waitFor(isClosed(0), 'the socket closed');
    await pause(300);
    expect(world.relay.clients).toHaveLength(1);

    store.getState().setNetworkOnline(true);
    await waitForSent(1, 1);
    expect(sent(1)).toEqual([connect]);
    await waitForState(store, (state) => state.status === 'connected', 'connected');
  });

  it('retries at once when told the network is back, instead of waiting out the backoff', async () => {
    const store = startStore(world.relay, world.stops, { random: () => 1 });
    await waitForSent(0, 1);
    // Only the store's timers are faked; the sockets run in real time.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    world.relay.clients[0]!.terminate();
    await waitForState(store, (state) => state.status === 'reconnecting', 'reconnecting');
    await pause(200);
    expect(world.relay.clients).toHaveLength(1);

    store.getState().setNetworkOnline(true);
    await waitForSent(1, 1);
    expect(sent(1)).toEqual([connect]);
  });

  it('closes the socket when stopped, and no reconnect follows', async () => {
    const store = startStore(world.relay, world.stops, { random: () => 0 });
    await waitForSent(0, 1);
    world.stops.pop()!();
    await world.relay.waitFor(isClosed(0), 'the socket closed');
    await pause(300);
    expect(world.relay.clients).toHaveLength(1);
    store.getState().moveStick(stickRight(0.5));
    await pause(50);
    expect(sent(0)).toEqual([connect]);
  });

  it('replaces the running socket when started a second time without a stop', async () => {
    const store = startStore(world.relay, world.stops);
    await waitForSent(0, 1);
    world.stops.push(store.getState().start());
    await waitForSent(1, 1);
    await world.relay.waitFor(isClosed(0), 'the first socket closed');
    await pause(200);
    expect(world.relay.clients.map((client) => client.readyState)).toEqual([
      WebSocket.CLOSED,
      WebSocket.OPEN,
    ]);
  });

  it('says connect first on a new socket after an idle delete, and deletes again when still idle', async () => {
    const store = startStore(world.relay, world.stops, { idleSeconds: 0.3, random: () => 0 });
    await waitForSent(0, 2);
    expect(sent(0)).toEqual([connect, remove]);
    world.relay.clients[0]!.terminate();
    await world.relay.waitFor(() => world.relay.clients.length === 2, 'a new socket');
    await waitForSent(1, 2);
    expect(sent(1)).toEqual([connect, remove]);

    store.getState().moveStick(stickRight(0.3));
    await waitForSent(1, 4);
    expect(sent(1)).toEqual([connect, remove, connect, update(0.3)]);
  });

  it('keeps one live socket when started, stopped and started again, as in StrictMode', async () => {
    const store = startStore(world.relay, world.stops);
    world.stops.pop()!();
    world.stops.push(store.getState().start());
    await waitForState(store, (state) => state.status === 'connected', 'connected');
    await pause(200);
    const open = world.relay.clients.filter((client) => client.readyState === WebSocket.OPEN);
    expect(open).toHaveLength(1);
    expect(sent(world.relay.clients.indexOf(open[0]!))).toEqual([connect]);
  });

  it('takes a new id when the relay says another socket took this one over', async () => {
    const store = startStore(world.relay, world.stops, { random: () => 0, renewUserId: () => 777 });
    await waitForSent(0, 1);
    world.relay.clients[0]!.close(4000, 'replaced');
    await waitForSent(1, 1);
    expect(sent(1)).toEqual([connectMessage(777)]);
    expect(store.getState().userId).toBe(777);

    store.getState().moveStick(stickRight(0.5));
    await waitForSent(1, 2);
    expect(sent(1)).toEqual([connectMessage(777), updateMessage(777, stickRight(0.5))]);
  });

  it('keeps its id when the socket closes for any other reason', async () => {
    const store = startStore(world.relay, world.stops, { random: () => 0, renewUserId: () => 777 });
    await waitForSent(0, 1);
    world.relay.clients[0]!.close(1001, 'going away');
    await waitForSent(1, 1);
    expect(sent(1)).toEqual([connect]);
    expect(store.getState().userId).toBe(ID);
  });
});
