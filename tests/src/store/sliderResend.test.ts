import { describe, expect, it } from 'vitest';
import { pause, startStore, stickRight, waitForState, freshRelayPerTest, ours } from './testRelay';

const { connect, remove, update, slider, finalZero } = ours;
const world = freshRelayPerTest();
const { sent, waitForSent } = world;
/** Long enough at rate 20 for a message the store wrongly had waiting to have gone out. */
const SETTLE_MS = 200;

/** Drops socket number `client` without a close frame, as a crashed relay does, and waits for the next. */
async function dropSocket(client: number) {
  world.relay.clients[client]!.terminate();
  await world.relay.waitFor(() => world.relay.clients.length > client + 1, 'a new socket');
}

describe('the store after a new socket', () => {
  it('sends connect, then the value of every slider it has moved, held or let go, without a new move', async () => {
    const store = startStore(world.relay, world.stops, { rate: 20, random: () => 0 });
    await waitForSent(0, 1);
    const { moveSlider, releaseSlider } = store.getState();
    moveSlider('gain', 0.4);
    releaseSlider('gain');
    moveSlider('pan', 0.7);
    // A stray release of a slider never moved has no value to send.
    releaseSlider('zoom');
    await waitForSent(0, 3);
    expect(sent(0)).toEqual([connect, slider('gain', 0.4), slider('pan', 0.7)]);

    await dropSocket(0);
    await waitForSent(1, 3);
    await pause(SETTLE_MS);
    expect(sent(1)).toEqual([connect, slider('gain', 0.4), slider('pan', 0.7)]);
    expect(store.getState().status).toBe('connected');
  });

  it('sends the held stick with the sliders, but not a stick at rest', async () => {
    const store = startStore(world.relay, world.stops, { rate: 20, random: () => 0 });
    await waitForSent(0, 1);
    store.getState().moveSlider('gain', 0.25);
    store.getState().releaseSlider('gain');
    store.getState().moveStick(stickRight(0.5));
    await waitForSent(0, 3);

    await dropSocket(0);
    await waitForSent(1, 3);
    store.getState().releaseStick();
    await waitForSent(1, 4);
    expect(sent(1)).toEqual([connect, update(0.5), slider('gain', 0.25), finalZero]);

    await dropSocket(1);
    await waitForSent(2, 2);
    await pause(SETTLE_MS);
    expect(sent(2)).toEqual([connect, slider('gain', 0.25)]);
  });

  it('sends connect alone when no slider was ever moved', async () => {
    const store = startStore(world.relay, world.stops, { rate: 20, random: () => 0 });
    await waitForSent(0, 1);
    store.getState().releaseSlider('gain');
    await dropSocket(0);
    await waitForSent(1, 1);
    await waitForState(store, (state) => state.status === 'connected', 'connected');
    await pause(SETTLE_MS);
    expect(sent(1)).toEqual([connect]);
  });
});

describe('the store coming back after an idle delete', () => {
  it('sends connect, then the interaction, then every other slider it has moved', async () => {
    const store = startStore(world.relay, world.stops, { rate: 20, idleSeconds: 0.3 });
    await waitForSent(0, 1);
    store.getState().moveSlider('gain', 0.4);
    store.getState().releaseSlider('gain');
    await waitForSent(0, 3);
    expect(sent(0)).toEqual([connect, slider('gain', 0.4), remove]);

    store.getState().moveStick(stickRight(0.6));
    await waitForSent(0, 6);
    await pause(SETTLE_MS);
    expect(sent(0).slice(3)).toEqual([connect, update(0.6), slider('gain', 0.4)]);
  });

  it('sends a moved slider once, with its new value, when moving it is what brings the user back', async () => {
    const store = startStore(world.relay, world.stops, { rate: 20, idleSeconds: 0.3 });
    await waitForSent(0, 1);
    store.getState().moveSlider('gain', 0.4);
    store.getState().releaseSlider('gain');
    store.getState().moveSlider('pan', 0.1);
    store.getState().releaseSlider('pan');
    await waitForSent(0, 4);
    expect(sent(0)).toEqual([connect, slider('gain', 0.4), slider('pan', 0.1), remove]);

    store.getState().moveSlider('gain', 0.9);
    await waitForSent(0, 7);
    await pause(SETTLE_MS);
    expect(sent(0).slice(4)).toEqual([connect, slider('gain', 0.9), slider('pan', 0.1)]);
  });
});
