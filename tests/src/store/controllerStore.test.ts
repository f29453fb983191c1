import { describe, expect, it, vi } from 'vitest';
import type { StoreApi } from 'zustand/vanilla';
import type { ControllerState } from '../../../src/store/types';
import {
  MARKER,
  pause,
  sendMarker,
  startStore,
  stickRight,
  freshRelayPerTest,
  ours,
  waitForState,
} from './testRelay';

const { connect, remove, update, slider, finalZero } = ours;
const world = freshRelayPerTest();
const received = () => world.sent(0);
const has = (message: unknown) => () =>
  received().some((m) => JSON.stringify(m) === JSON.stringify(message));
const waitForMessage = (message: unknown) =>
  world.relay.waitFor(has(message), `${JSON.stringify(message)} at the relay`);
const waitForConnect = () => waitForMessage(connect);

describe('the controller store', () => {
  it('sends connect as soon as the socket opens', async () => {
    startStore(world.relay, world.stops);
    await waitForConnect();
    expect(received()).toEqual([connect]);
  });

  it('sends the first of a burst of stick moves at once and then only the last, none in between', async () => {
    const store = startStore(world.relay, world.stops, { rate: 20 });
    await waitForConnect();
    for (let step = 1; step <= 30; step += 1) store.getState().moveStick(stickRight(step / 100));
    await waitForMessage(update(0.3));
    // Past the next throttle interval too, then the marker.
    await pause(150);
    await sendMarker(world.relay, store);
    expect(received()).toEqual([connect, update(0.01), update(0.3), MARKER]);
  });

  it('does not send the same stick values twice in a row', async () => {
    const store = startStore(world.relay, world.stops);
    await waitForConnect();
    for (const x of [0.5, 0.5, 0.5, 0.7]) {
      store.getState().moveStick(stickRight(x));
      await pause(20);
    }
    await waitForMessage(update(0.7));
    expect(received()).toEqual([connect, update(0.5), update(0.7)]);
  });

  it('sends one final 0,0,0,0 when the stick is let go, even inside the throttle interval', async () => {
    const store = startStore(world.relay, world.stops, { rate: 20 });
    await waitForConnect();
    store.getState().moveStick(stickRight(0.4));
    store.getState().moveStick(stickRight(0.8));
    store.getState().releaseStick();
    await waitForMessage(finalZero);
    await pause(150);
    await sendMarker(world.relay, store);
    expect(received()).toEqual([connect, update(0.4), finalZero, MARKER]);
  });

  it("sends a slider's moves and its final value when it is let go", async () => {
    const store = startStore(world.relay, world.stops, { rate: 20 });
    await waitForConnect();
    store.getState().moveSlider('gain', 0.2);
    store.getState().moveSlider('gain', 0.3);
    store.getState().moveSlider('gain', 0.45);
    store.getState().releaseSlider('gain');
    await waitForMessage(slider('gain', 0.45));
    await pause(150);
    await sendMarker(world.relay, store);
    expect(received()).toEqual([connect, slider('gain', 0.2), slider('gain', 0.45), MARKER]);
  });

  it('clamps and rounds slider values, and ignores a bad name or a value that is not a number', async () => {
    const store = startStore(world.relay, world.stops);
    await waitForConnect();
    const { moveSlider } = store.getState();
    moveSlider('a,b', 0.5);
    moveSlider('', 0.5);
    moveSlider('gain', Number.NaN);
    moveSlider('gain', 1.5);
    await pause(20);
    moveSlider('gain', -2);
    await pause(20);
    moveSlider('gain', 0.12345);
    await waitForMessage(slider('gain', 0.123));
    expect(received()).toEqual([
      connect,
      slider('gain', 1),
      slider('gain', 0),
      slider('gain', 0.123),
    ]);
  });

  it('throttles the stick and each slider separately, so none loses its value to another', async () => {
    const store = startStore(world.relay, world.stops, { rate: 1 });
    await waitForConnect();
    store.getState().moveStick(stickRight(0.25));
    store.getState().moveSlider('gain', 0.3);
    store.getState().moveSlider('pan', 0.7);
    await world.relay.waitFor(() => received().length === 4, 'three control messages');
    expect(received()).toEqual([connect, update(0.25), slider('gain', 0.3), slider('pan', 0.7)]);
  });

  it('sends delete after the idle time, then connect and the update on the next interaction', async () => {
    const store = startStore(world.relay, world.stops, { idleSeconds: 0.3 });
    await waitForMessage(remove);
    store.getState().moveStick(stickRight(0.6));
    await waitForMessage(update(0.6));
    expect(received()).toEqual([connect, remove, connect, update(0.6)]);
  });

  const holds: Array<
    [string, (s: ControllerState) => void, (s: ControllerState) => void, unknown[]]
  > = [
    [
      'the stick',
      (s) => s.moveStick(stickRight(0.5)),
      (s) => s.releaseStick(),
      [update(0.5), finalZero],
    ],
    [
      'a slider',
      (s) => s.moveSlider('gain', 0.5),
      (s) => s.releaseSlider('gain'),
      [slider('gain', 0.5)],
    ],
  ];

  it.each(holds)(
    'never deletes a user holding %s, and starts the idle time again from the release',
    async (_, hold, release, controlMessages) => {
      const store = startStore(world.relay, world.stops, { idleSeconds: 0.3 }, (s) =>
        hold(s.getState()),
      );
      await waitForMessage(controlMessages[0]);
      // Past three idle times: a delete now would stand before the release's messages below.
      await pause(1000);
      release(store.getState());
      await waitForMessage(remove);
      expect(received()).toEqual([connect, ...controlMessages, remove]);
    },
  );

  it('sends the final zero and then delete at once when the page is hidden', async () => {
    const store = startStore(world.relay, world.stops, { rate: 20 });
    await waitForConnect();
    store.getState().moveStick(stickRight(0.4));
    store.getState().moveStick(stickRight(0.8));
    store.getState().moveSlider('gain', 0.5);
    store.getState().pageHidden();
    await waitForMessage(remove);
    // Past the throttle interval, when a move still pending would go out.
    await pause(150);

    // Coming back: connect, the move, then the slider the relay forgot at the delete.
    store.getState().moveStick(stickRight(0.1));
    await waitForMessage(update(0.1));
    await pause(150);
    await sendMarker(world.relay, store);
    expect(received()).toEqual([
      connect,
      update(0.4),
      slider('gain', 0.5),
      finalZero,
      remove,
      connect,
      update(0.1),
      slider('gain', 0.5),
      MARKER,
    ]);
  });

  it('changes no store state during a drag, so no component re-renders', async () => {
    const store: StoreApi<ControllerState> = startStore(world.relay, world.stops);
    await waitForConnect();
    await world.relay.waitFor(() => store.getState().status === 'connected', 'connected');
    await waitForState(store, (s) => s.slot === 1, 'the slot');
    const listener = vi.fn();
    store.subscribe(listener);
    for (const x of [0.1, 0.2, 0.3]) store.getState().moveStick(stickRight(x));
    store.getState().releaseStick();
    store.getState().moveSlider('gain', 0.9);
    store.getState().releaseSlider('gain');
    await waitForMessage(slider('gain', 0.9));
    await waitForMessage(finalZero);
    expect(listener).not.toHaveBeenCalled();
  });
});
