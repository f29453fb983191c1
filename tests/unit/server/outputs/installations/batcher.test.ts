import { describe, expect, it } from 'vitest';
import {
  buttonMessage,
  connectMessage,
  deleteMessage,
  sliderMessage,
  updateMessage,
  type InstallationEvent,
} from '../../../../../src/shared/protocol';
import { createBatcher } from '../../../../../server/outputs/installations/batcher';
import { createRoster } from '../../../../../server/core/roster';
import { slotted } from '../../../../helpers/slotted';

const stick = (x: number) => ({ x, y: -0.25, speed: 56, angle: 333 });

// As the router hands them on, with the user's slot: here user N holds slot N + 10.
const connect = (id: number) => slotted(connectMessage(id), id + 10);
const update = (id: number, x: number) => slotted(updateMessage(id, stick(x)), id + 10);
const slider = (id: number, name: string, value: number) =>
  slotted(sliderMessage(id, name, value), id + 10);
const leave = (id: number) => slotted(deleteMessage(id), id + 10);

/** A roster and one installation's batcher, fed the way the router feeds them. */
function setup() {
  const roster = createRoster();
  const batcher = createBatcher(roster);
  const accept = (...messages: InstallationEvent[]) => {
    for (const message of messages) {
      roster.apply(message);
      if (message.type === 'update' || message.type === 'slider') batcher.changed(message.sliderId);
      if (message.type === 'delete') batcher.forget(message.sliderId);
    }
  };
  return { roster, batcher, accept };
}

describe('the batcher', () => {
  it('makes an empty frame when nobody changed', () => {
    const { batcher, accept } = setup();
    expect(batcher.takeFrame()).toEqual({ type: 'frame', users: [] });
    accept(connect(1));
    expect(batcher.takeFrame()).toEqual({ type: 'frame', users: [] });
  });

  it("holds each changed user's whole latest state, once, however many messages came", () => {
    const { batcher, accept } = setup();
    accept(
      connect(1),
      update(1, 0.1),
      slider(1, 'gain', 0.2),
      update(1, 0.3),
      slider(1, 'gain', 0.4),
      slider(1, 'zoom', 1),
    );
    expect(batcher.takeFrame()).toEqual({
      type: 'frame',
      users: [
        { sliderId: 1, slot: 11, ...stick(0.3), sliders: { gain: 0.4, zoom: 1 }, buttons: {} },
      ],
    });
  });

  it('lists only the users who changed since the last frame, in the order they first changed', () => {
    const { batcher, accept } = setup();
    accept(connect(1), connect(2), connect(3));
    accept(update(1, 0.1), update(2, 0.2));
    batcher.takeFrame();
    accept(slider(3, 'gain', 0.5), update(1, -0.5), update(3, 1));
    const frame = batcher.takeFrame();
    expect(frame?.users.map((user) => user.sliderId)).toEqual([3, 1]);
    expect(frame?.users[0]).toEqual({
      sliderId: 3,
      slot: 13,
      ...stick(1),
      sliders: { gain: 0.5 },
      buttons: {},
    });
    expect(batcher.takeFrame()).toEqual({ type: 'frame', users: [] });
  });

  it('gives a user who only moved a slider the stick at rest', () => {
    const { batcher, accept } = setup();
    accept(connect(1), slider(1, 'gain', 0.75));
    expect(batcher.takeFrame()?.users).toEqual([
      {
        sliderId: 1,
        slot: 11,
        x: 0,
        y: 0,
        speed: 0,
        angle: 0,
        sliders: { gain: 0.75 },
        buttons: {},
      },
    ]);
  });

  it('never brings back a user deleted since their last change', () => {
    const { batcher, accept } = setup();
    accept(connect(1), connect(2));
    accept(update(1, 0.1), update(2, 0.2), leave(1));
    expect(batcher.takeFrame()?.users.map((user) => user.sliderId)).toEqual([2]);
  });

  it('does not count a user who left and came back as changed until they move again', () => {
    const { batcher, accept } = setup();
    accept(connect(1), update(1, 0.1), leave(1), connect(1));
    expect(batcher.takeFrame()).toEqual({ type: 'frame', users: [] });
    accept(update(1, 0.9));
    expect(batcher.takeFrame()?.users).toEqual([
      { sliderId: 1, slot: 11, ...stick(0.9), sliders: {}, buttons: {} },
    ]);
  });

  it('puts every live user in the next frame after changedAll, as a replay', () => {
    const { batcher, accept } = setup();
    accept(connect(1), connect(2), update(2, 0.2));
    batcher.takeFrame();
    batcher.changedAll();
    expect(batcher.takeFrame()?.users).toEqual([
      { sliderId: 1, slot: 11, x: 0, y: 0, speed: 0, angle: 0, sliders: {}, buttons: {} },
      { sliderId: 2, slot: 12, ...stick(0.2), sliders: {}, buttons: {} },
    ]);
  });

  it('carries each user’s slot right after their id, and the slot of their latest connect', () => {
    const { batcher, accept } = setup();
    accept(connect(1), update(1, 0.5), leave(1));
    accept(slotted(connectMessage(1), 2), slotted(sliderMessage(1, 'gain', 1), 2));
    expect(JSON.stringify(batcher.takeFrame())).toBe(
      '{"type":"frame","users":[{"sliderId":1,"slot":2,"x":0,"y":0,"speed":0,"angle":0,"sliders":{"gain":1},"buttons":{}}]}',
    );
  });
});

describe('the batcher, with buttons', () => {
  it('carries each button’s latest state beside the sliders', () => {
    const { roster, batcher, accept } = setup();
    accept(connect(1), update(1, 0.5));
    for (const message of [
      slotted(buttonMessage(1, 'fire', true), 11),
      slotted(buttonMessage(1, 'jump', true), 11),
      slotted(buttonMessage(1, 'fire', false), 11),
    ]) {
      roster.apply(message);
      batcher.changed(1);
    }
    expect(batcher.takeFrame().users).toEqual([
      { sliderId: 1, slot: 11, ...stick(0.5), sliders: {}, buttons: { jump: true, fire: false } },
    ]);
  });
});
