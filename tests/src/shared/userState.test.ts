import { describe, expect, it } from 'vitest';
import { MAX_SLIDERS, STICK_AT_REST, type FrameUser } from '../../../src/shared/protocol';
import {
  CONTROLS_KEPT_PER_USER,
  controlMessages,
  foldControl,
  frameUser,
  frameUserMessages,
  noControls,
  STICK_RESTING,
  type UserState,
} from '../../../src/shared/userState';

const slider = (name: string, value: number) =>
  ({ type: 'slider', sliderId: 1, slot: 2, name, value }) as const;

describe('the model of a user’s state', () => {
  it('keeps as many controls as a layout may have sliders, and rests the stick where the protocol does', () => {
    // Spelled out in userState.ts so that the monitor's build shares no chunk with the app's.
    expect(CONTROLS_KEPT_PER_USER).toBe(MAX_SLIDERS);
    expect(STICK_RESTING).toEqual(STICK_AT_REST);
  });

  it('keeps the latest message of each control, stick first, then sliders, then buttons', () => {
    const state = noControls();
    foldControl(state, { type: 'button', sliderId: 1, name: 'fire', pressed: true });
    foldControl(state, slider('gain', 0.2));
    foldControl(state, { type: 'update', sliderId: 1, x: 0.1, y: 0, speed: 0.1, angle: 0 });
    foldControl(state, slider('gain', 0.7));
    expect(controlMessages(state)).toEqual([
      { type: 'update', sliderId: 1, x: 0.1, y: 0, speed: 0.1, angle: 0 },
      slider('gain', 0.7),
      { type: 'button', sliderId: 1, name: 'fire', pressed: true },
    ]);
  });

  it(`keeps at most ${MAX_SLIDERS} slider names, forgetting the least recently moved`, () => {
    const state = noControls();
    const names = Array.from({ length: MAX_SLIDERS + 1 }, (_, i) => `s${i}`);
    for (const name of names) foldControl(state, slider(name, 0));
    foldControl(state, slider('s1', 1));
    expect([...state.sliders!.keys()]).toEqual([...names.slice(2), 's1']);
  });

  it('turns a frame’s user into the messages it stands for, and back into the same frame', () => {
    const user: FrameUser = {
      sliderId: 1,
      slot: 2,
      x: 0.5,
      y: -0.5,
      speed: 0.7,
      angle: 45,
      sliders: { gain: 0.3 },
      buttons: { fire: false },
    };
    const state: UserState = {
      slot: 2,
      connect: { type: 'connect', sliderId: 1, slot: 2 },
      ...noControls(),
    };
    for (const message of frameUserMessages(user)) foldControl(state, message);
    expect(frameUser(1, state)).toEqual(user);
  });

  it('puts a user whose stick never moved at rest in a frame', () => {
    const state: UserState = {
      slot: 3,
      connect: { type: 'connect', sliderId: 4, slot: 3 },
      ...noControls(),
    };
    expect(frameUser(4, state)).toEqual({
      sliderId: 4,
      slot: 3,
      x: 0,
      y: 0,
      speed: 0,
      angle: 0,
      sliders: {},
      buttons: {},
    });
  });
});
