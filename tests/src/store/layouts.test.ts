import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_LAYOUT } from '../../../src/shared/layout';
import {
  buttonMessage,
  connectMessage,
  sliderMessage,
  STICK_AT_REST,
  updateMessage,
} from '../../../src/shared/protocol';
import { LAYOUT_PROBLEM_SHOWN_MS } from '../../../src/store/controllerStore';
import {
  freshRelayPerTest,
  startStore,
  stickRight,
  TEST_USER_ID as ID,
  waitForState,
} from './testRelay';

const world = freshRelayPerTest();
const received = () => world.relay.messagesOf(0);
const VOTE = { stick: null, buttons: [{ name: 'yes' }, { name: 'no' }] };

describe('the store’s layout', () => {
  it('has none until the start layout is given, then shows it', () => {
    const store = startStore(world.relay, world.stops);
    expect(store.getState()).toMatchObject({ layout: null, layoutGeneration: 0 });
    expect(store.getState().applyLayout(DEFAULT_LAYOUT, 'start')).toBe(true);
    expect(store.getState()).toMatchObject({ layout: DEFAULT_LAYOUT, layoutGeneration: 1 });
  });

  it('keeps an installation’s layout over a start layout that arrives after it', () => {
    const store = startStore(world.relay, world.stops);
    expect(store.getState().applyLayout(VOTE, 'installation')).toBe(true);
    expect(store.getState().applyLayout(DEFAULT_LAYOUT, 'start')).toBe(false);
    expect(store.getState().layout).toMatchObject({ stick: null, sliders: [] });
  });

  it('refuses a layout it cannot use, keeping the current one and saying why for a while', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const store = startStore(world.relay, world.stops);
    store.getState().applyLayout(DEFAULT_LAYOUT, 'start');
    expect(store.getState().applyLayout({ stick: { deadzone: 2 } }, 'installation')).toBe(false);
    expect(store.getState()).toMatchObject({
      layout: DEFAULT_LAYOUT,
      layoutGeneration: 1,
      layoutProblem: 'stick.deadzone must be a number from 0 to 0.5, got 2',
    });
    vi.advanceTimersByTime(LAYOUT_PROBLEM_SHOWN_MS);
    expect(store.getState().layoutProblem).toBeNull();
  });

  it('sends the release of everything held before it swaps', async () => {
    const store = startStore(world.relay, world.stops, { rate: 1 });
    await world.relay.waitForMessagesOf(0, 1);
    const state = store.getState();
    state.moveStick(stickRight(0.5));
    state.moveSlider('slider', 0.3);
    state.moveSlider('slider', 0.4);
    state.pressButton('fire');
    state.applyLayout(VOTE, 'installation');
    await world.relay.waitForMessagesOf(0, 6);
    expect(received()).toEqual([
      connectMessage(ID),
      updateMessage(ID, stickRight(0.5)),
      sliderMessage(ID, 'slider', 0.3),
      buttonMessage(ID, 'fire', true),
      buttonMessage(ID, 'fire', false),
      // The waiting values, flushed once everything was let go.
      updateMessage(ID, STICK_AT_REST),
      sliderMessage(ID, 'slider', 0.4),
    ]);
    expect(store.getState().layoutGeneration).toBe(1);
  });

  it('swaps for a `layout` event from the relay, keeping the user id', async () => {
    const store = startStore(world.relay, world.stops);
    await world.relay.waitForMessagesOf(0, 1);
    world.relay.clients[0]!.send(JSON.stringify({ event: 'layout', data: VOTE }));
    const layout = await waitForState(store, (s) => s.layout, 'the layout');
    expect(layout.buttons.map((b) => b.name)).toEqual(['yes', 'no']);
    expect(store.getState().userId).toBe(ID);
  });

  it('forgets a slider the new layout drops, so a reconnect does not re-send it', async () => {
    const store = startStore(world.relay, world.stops);
    await world.relay.waitForMessagesOf(0, 1);
    store.getState().moveSlider('slider', 0.5);
    store.getState().releaseSlider('slider');
    store.getState().moveSlider('gain', 0.2);
    store.getState().releaseSlider('gain');
    store.getState().applyLayout({ sliders: [{ name: 'gain' }] }, 'installation');
    expect(store.getState().sliderValue('slider')).toBeUndefined();
    expect(store.getState().sliderValue('gain')).toBe(0.2);
    world.relay.clients[0]!.terminate();
    await world.relay.waitFor(() => world.relay.messagesOf(1).length >= 2, 'the reconnect');
    expect(world.relay.messagesOf(1)).toEqual([connectMessage(ID), sliderMessage(ID, 'gain', 0.2)]);
  });
});
