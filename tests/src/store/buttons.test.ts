import { describe, expect, it, vi } from 'vitest';
import { buttonMessage, connectMessage, deleteMessage } from '../../../src/shared/protocol';
import {
  freshRelayPerTest,
  isType,
  MARKER,
  sendMarker,
  startStore,
  TEST_USER_ID as ID,
} from './testRelay';

const connect = connectMessage(ID);
const press = (name: string) => buttonMessage(ID, name, true);
const release = (name: string) => buttonMessage(ID, name, false);

const world = freshRelayPerTest();
const received = () => world.relay.messagesOf(0);
const waitForCount = (count: number) => world.relay.waitForMessagesOf(0, count);

describe('the store’s buttons', () => {
  it('sends each press and release at once and in order, past a throttle of one a second', async () => {
    const store = startStore(world.relay, world.stops, { rate: 1 });
    await waitForCount(1);
    const { pressButton, releaseButton } = store.getState();
    pressButton('fire');
    releaseButton('fire');
    pressButton('fire');
    pressButton('jump');
    releaseButton('jump');
    releaseButton('fire');
    await waitForCount(7);
    expect(received()).toEqual([
      connect,
      press('fire'),
      release('fire'),
      press('fire'),
      press('jump'),
      release('jump'),
      release('fire'),
    ]);
  });

  it('ignores a press of a held button, a release of one not held, and a bad name', async () => {
    const store = startStore(world.relay, world.stops);
    await waitForCount(1);
    const { pressButton, releaseButton } = store.getState();
    releaseButton('fire');
    pressButton('fire');
    pressButton('fire');
    pressButton('two words');
    releaseButton('fire');
    releaseButton('fire');
    await sendMarker(world.relay, store);
    expect(received()).toEqual([connect, press('fire'), release('fire'), MARKER]);
  });

  it('keeps a visitor holding a button from the idle delete, and starts the wait on release', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const store = startStore(world.relay, world.stops, { idleSeconds: 1 });
    await vi.waitFor(() => expect(received()).toEqual([connect]));
    store.getState().pressButton('fire');
    // Five idle times held: a delete in them would stand before the release below.
    await vi.advanceTimersByTimeAsync(5000);
    store.getState().releaseButton('fire');
    await vi.advanceTimersByTimeAsync(1000);
    await vi.waitFor(() => expect(received().at(-1)).toEqual(deleteMessage(ID)));
    expect(received()).toEqual([connect, press('fire'), release('fire'), deleteMessage(ID)]);
  });

  it('releases a held button, sending it, when the page is hidden', async () => {
    const store = startStore(world.relay, world.stops);
    await waitForCount(1);
    store.getState().pressButton('fire');
    store.getState().pageHidden();
    await waitForCount(4);
    expect(received()).toEqual([connect, press('fire'), release('fire'), deleteMessage(ID)]);
  });

  it('says connect before a press that rejoins after the idle delete, and sends the press once', async () => {
    const store = startStore(world.relay, world.stops, { idleSeconds: 0.2 });
    await world.relay.waitFor(() => received().some(isType('delete')), 'the idle delete');
    store.getState().pressButton('fire');
    await sendMarker(world.relay, store);
    expect(received()).toEqual([connect, deleteMessage(ID), connect, press('fire'), MARKER]);
  });

  it('tells a relay that comes back about a button still held, and only then its release', async () => {
    const store = startStore(world.relay, world.stops);
    await waitForCount(1);
    store.getState().pressButton('fire');
    await waitForCount(2);
    // The relay drops the phone; it reconnects as a new client.
    world.relay.clients[0]!.terminate();
    await world.relay.waitFor(() => world.relay.messagesOf(1).length >= 2, 'the reconnect');
    store.getState().releaseButton('fire');
    await world.relay.waitFor(() => world.relay.messagesOf(1).length >= 3, 'the release');
    expect(world.relay.messagesOf(1)).toEqual([connect, press('fire'), release('fire')]);
  });
});
