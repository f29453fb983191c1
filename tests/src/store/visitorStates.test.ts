import { describe, expect, it, vi } from 'vitest';
import { connectMessage, kickReason } from '../../../src/shared/protocol';
import { AFTER_KICK_JITTER_MS } from '../../../src/store/backoff';
import {
  pause,
  startStore,
  startTestRelay,
  TEST_USER_ID as ID,
  waitForState,
  freshRelayPerTest,
} from './testRelay';

const world = freshRelayPerTest();
const NOW = 1_700_000_000_000;

const { socketCount } = world;

describe('the store when the operator removes the phone (4001)', () => {
  it('says kicked until the seconds of the reason are up, and asks again only then', async () => {
    const delays = vi.spyOn(globalThis, 'setTimeout');
    let now = NOW;
    const store = startStore(world.relay, world.stops, { random: () => 0, now: () => now });
    await world.relay.waitForMessagesOf(0, 1);
    world.relay.clients[0]!.close(4001, kickReason(42));

    await waitForState(store, (s) => s.status === 'refused', 'refused');
    expect(store.getState().refusal).toEqual({ kind: 'kicked', untilMs: NOW + 42_000 });
    expect(delays.mock.calls.map(([, delay]) => delay)).toContain(42_000);

    // Neither the page coming back nor the network returning cuts the wait short.
    store.getState().pageShown();
    store.getState().setNetworkOnline(false);
    store.getState().setNetworkOnline(true);
    await pause(300);
    expect(world.relay.clients).toHaveLength(1);
    expect(store.getState().refusal).toEqual({ kind: 'kicked', untilMs: NOW + 42_000 });

    now = NOW + 42_000;
    store.getState().pageShown();
    await socketCount(2);
    await waitForState(store, (s) => s.status === 'connected', 'connected');
    expect(store.getState().refusal).toBeNull();
  });

  it('spreads the return of phones kicked together over the jitter', async () => {
    const delays = vi.spyOn(globalThis, 'setTimeout');
    const store = startStore(world.relay, world.stops, { random: () => 1, now: () => NOW });
    await world.relay.waitForMessagesOf(0, 1);
    world.relay.clients[0]!.close(4001, kickReason(5));
    await waitForState(store, (s) => s.status === 'refused', 'refused');
    expect(delays.mock.calls.map(([, delay]) => delay)).toContain(5000 + AFTER_KICK_JITTER_MS);
  });
});

describe('the store while the visitor is away', () => {
  it('is present after its connect, not after the idle delete, and present again at a touch', async () => {
    const store = startStore(world.relay, world.stops, { idleSeconds: 0.1 });
    await waitForState(store, (s) => s.present, 'present');
    await waitForState(store, (s) => s.status === 'connected' && !s.present, 'away');
    await world.relay.waitForMessagesOf(0, 2);
    expect(world.relay.messagesOf(0)).toEqual([
      connectMessage(ID),
      { type: 'delete', sliderId: ID },
    ]);

    store.getState().touch();
    expect(store.getState().present).toBe(true);
    await world.relay.waitForMessagesOf(0, 3);
    expect(world.relay.messagesOf(0)[2]).toEqual(connectMessage(ID));
  });

  it('takes a touch while playing as an interaction that restarts the idle wait', async () => {
    const store = startStore(world.relay, world.stops, { idleSeconds: 0.3 });
    await waitForState(store, (s) => s.present, 'present');
    for (let i = 0; i < 4; i++) {
      await pause(150);
      store.getState().touch();
    }
    // 600 ms since the connect, never 300 ms without a touch: still playing.
    expect(store.getState().present).toBe(true);
    expect(world.relay.messagesOf(0)).toEqual([connectMessage(ID)]);
  });
});

describe('the store when a relay of another origin cannot be reached', () => {
  it('says refused when the relay answers plain HTTP but its sockets fail', async () => {
    const dead = await startTestRelay();
    await dead.close();
    const asked: string[] = [];
    const store = startStore(dead, world.stops, {
      random: () => 1,
      relayAnswers: async (url) => {
        asked.push(url);
        return true;
      },
    });
    await waitForState(store, (s) => s.status === 'refused', 'refused');
    expect(store.getState()).toMatchObject({ refusal: { kind: 'origin' }, unreachable: true });
    expect(asked[0]).toBe(dead.url);
  });

  it('keeps saying connecting when nothing answers there at all', async () => {
    const dead = await startTestRelay();
    await dead.close();
    let answered = () => {};
    const asked = new Promise<void>((resolve) => (answered = resolve));
    const store = startStore(dead, world.stops, {
      random: () => 1,
      relayAnswers: async () => {
        answered();
        return false;
      },
    });
    await asked;
    await pause(50);
    expect(store.getState()).toMatchObject({
      status: 'connecting',
      refusal: null,
      unreachable: true,
    });
  });

  it('asks nothing, and says connected, when the socket opens', async () => {
    const relayAnswers = vi.fn(async () => true);
    const store = startStore(world.relay, world.stops, { relayAnswers });
    await waitForState(store, (s) => s.status === 'connected', 'connected');
    expect(store.getState()).toMatchObject({ refusal: null, unreachable: false });
    expect(relayAnswers).not.toHaveBeenCalled();
  });
});
