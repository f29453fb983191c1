import { describe, expect, it, vi } from 'vitest';
import { connectMessage } from '../../../src/shared/protocol';
import {
  isType,
  startStore,
  stickRight,
  TEST_USER_ID as ID,
  waitForState,
  freshRelayPerTest,
} from './testRelay';

const world = freshRelayPerTest();

/** Starts a store and waits until the relay has heard its `connect` and told its slot. */
async function connectedStore(vibrate?: (pattern: number | number[]) => void) {
  const store = startStore(world.relay, world.stops, vibrate ? { vibrate } : {});
  await world.relay.waitFor(() => world.relay.messagesOf(0).length > 0, 'connect');
  await waitForState(store, (s) => s.slot !== null, 'the slot');
  return store;
}

const event = (name: string, data: unknown) => JSON.stringify({ event: name, data });
const toPhone = (frame: string | Buffer) => world.relay.clients[0]!.send(frame);

describe('frames from the relay', () => {
  it('answers a ping with pong', async () => {
    await connectedStore();
    toPhone('ping');
    await world.relay.waitFor(() => world.relay.frames.some((f) => f.text === 'pong'), 'pong');
    expect(world.relay.frames.map((f) => f.text)).toEqual([
      JSON.stringify(connectMessage(ID)),
      'pong',
    ]);
  });

  it("takes the joystick's colour and the banner from the installation's events", async () => {
    const store = await connectedStore();
    toPhone(event('color', '#ff3366'));
    toPhone(event('text', 'Round two starts now'));
    await waitForState(store, (s) => s.banner === 'Round two starts now', 'the banner');
    expect(store.getState().color).toBe('#ff3366');
  });

  it('shows at most 200 characters of a text, never cutting an emoji in half', async () => {
    const store = await connectedStore();
    const shown = `${'a'.repeat(199)}😀`;
    toPhone(event('text', `${shown}and more`));
    await waitForState(store, (s) => s.banner !== null, 'the banner');
    expect(store.getState().banner).toBe(shown);
  });

  it('clears the colour and the banner on an empty string', async () => {
    const store = await connectedStore();
    toPhone(event('color', 'red'));
    toPhone(event('text', 'hello'));
    await waitForState(store, (s) => s.banner === 'hello', 'the banner');
    toPhone(event('color', ''));
    toPhone(event('text', ''));
    await waitForState(store, (s) => s.banner === null, 'no banner');
    expect(store.getState().color).toBeNull();
  });

  it('vibrates for a number of milliseconds or a pattern', async () => {
    const vibrate = vi.fn();
    await connectedStore(vibrate);
    toPhone(event('vibrate', 200));
    toPhone(event('vibrate', [100, 50, 100]));
    await vi.waitFor(() => expect(vibrate).toHaveBeenCalledTimes(2));
    expect(vibrate.mock.calls).toEqual([[200], [[100, 50, 100]]]);
  });

  it('ignores unknown events, bad JSON and data of the wrong type, and carries on', async () => {
    const vibrate = vi.fn();
    const store = await connectedStore(vibrate);
    for (const frame of [
      'not json',
      '{"event":',
      '[1,2]',
      'null',
      '{"type":"update"}',
      event('dance', 'now'),
      event('color', 5),
      event('text', { text: 'no' }),
      event('vibrate', 'long'),
      event('vibrate', [100, 'x']),
      event('vibrate', -5),
      event('slot', 0),
      event('slot', 2.5),
      event('slot', '3'),
      event('slot', null),
      event('slot', 1_000_001),
      Buffer.from(event('text', 'binary')),
    ]) {
      toPhone(frame);
    }
    toPhone(event('text', 'still here'));
    await waitForState(store, (s) => s.banner === 'still here', 'the banner after the bad frames');
    expect(store.getState().color).toBeNull();
    expect(store.getState().slot).toBe(1);
    expect(vibrate).not.toHaveBeenCalled();

    store.getState().moveStick(stickRight(0.5));
    await world.relay.waitFor(
      () => world.relay.messagesOf(0).length === 2,
      'the update after the bad frames',
    );
    expect(store.getState().status).toBe('connected');
  });
});

describe('the slot from the relay', () => {
  const deletes = (client: number) =>
    world.relay.messagesOf(client).filter(isType('delete')).length;

  it('is null until the relay tells it, then the number it told', async () => {
    const store = startStore(world.relay, world.stops);
    expect(store.getState().slot).toBeNull();
    await waitForState(store, (s) => s.slot === 1, 'slot 1');
    // An installation's own `slot` event is the relay's word too.
    toPhone(event('slot', 7));
    await waitForState(store, (s) => s.slot === 7, 'slot 7');
  });

  it('numbers two phones 1 and 2', async () => {
    const first = startStore(world.relay, world.stops);
    await waitForState(first, (s) => s.slot === 1, 'slot 1 for the first');
    const second = startStore(world.relay, world.stops, { userId: ID + 1 });
    await waitForState(second, (s) => s.slot === 2, 'slot 2 for the second');
    expect(first.getState().slot).toBe(1);
  });

  it('is null again after the idle delete, and back after the next interaction says connect', async () => {
    const store = startStore(world.relay, world.stops, { idleSeconds: 0.3 });
    await waitForState(store, (s) => s.slot === 1, 'slot 1');
    await world.relay.waitFor(() => deletes(0) === 1, 'the idle delete');
    expect(store.getState().slot).toBeNull();
    store.getState().moveStick(stickRight(0.5));
    await waitForState(store, (s) => s.slot === 1, 'slot 1 again');
  });

  it('is null again as soon as the page is hidden', async () => {
    const store = await connectedStore();
    store.getState().pageHidden();
    expect(store.getState().slot).toBeNull();
    await world.relay.waitFor(() => deletes(0) === 1, 'the delete');
  });

  it('is null while the socket is down, and told again after the reconnect', async () => {
    const store = startStore(world.relay, world.stops, { random: () => 0 });
    await waitForState(store, (s) => s.slot === 1, 'slot 1');
    world.relay.clients[0]!.terminate();
    await waitForState(store, (s) => s.status !== 'connected', 'the drop');
    expect(store.getState().slot).toBeNull();
    await waitForState(store, (s) => s.status === 'connected' && s.slot === 1, 'slot 1 again');
    expect(world.relay.clients).toHaveLength(2);
  });

  it('is ignored when it comes after the page said delete', async () => {
    const store = startStore(world.relay, world.stops, { idleSeconds: 0.3 });
    await waitForState(store, (s) => s.slot === 1, 'slot 1');
    await world.relay.waitFor(() => deletes(0) === 1, 'the idle delete');
    toPhone(event('slot', 4));
    toPhone(event('text', 'after the slot'));
    await waitForState(store, (s) => s.banner === 'after the slot', 'the frame after it');
    expect(store.getState().slot).toBeNull();
  });
});
