import { describe, expect, it, vi } from 'vitest';
import { connectMessage } from '../../../src/shared/protocol';
import {
  startStore,
  stickRight,
  TEST_USER_ID as ID,
  waitForState,
  freshRelayPerTest,
} from './testRelay';

const world = freshRelayPerTest();

/** Starts a store and waits until the relay has heard its `connect`. */
async function connectedStore(vibrate?: (pattern: number | number[]) => void) {
  const store = startStore(world.relay, world.stops, vibrate ? { vibrate } : {});
  await world.relay.waitFor(() => world.relay.messagesOf(0).length > 0, 'connect');
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
      Buffer.from(event('text', 'binary')),
    ]) {
      toPhone(frame);
    }
    toPhone(event('text', 'still here'));
    await waitForState(store, (s) => s.banner === 'still here', 'the banner after the bad frames');
    expect(store.getState().color).toBeNull();
    expect(vibrate).not.toHaveBeenCalled();

    store.getState().moveStick(stickRight(0.5));
    await world.relay.waitFor(
      () => world.relay.messagesOf(0).length === 2,
      'the update after the bad frames',
    );
    expect(store.getState().status).toBe('connected');
  });
});
