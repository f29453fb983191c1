import { describe, expect, it } from 'vitest';
import {
  connectMessage,
  deleteMessage,
  sliderMessage,
  updateMessage,
  type ControllerMessage,
} from '../../src/shared/protocol';
import { createBatcher } from '../../server/batcher';
import { createRoster } from '../../server/roster';

const stick = (x: number) => ({ x, y: -0.25, speed: 56, angle: 333 });

/** A roster and one installation's batcher, fed the way the router feeds them. */
function setup() {
  const roster = createRoster();
  const batcher = createBatcher(roster);
  const accept = (...messages: ControllerMessage[]) => {
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
    accept(connectMessage(1));
    expect(batcher.takeFrame()).toEqual({ type: 'frame', users: [] });
  });

  it("holds each changed user's whole latest state, once, however many messages came", () => {
    const { batcher, accept } = setup();
    accept(
      connectMessage(1),
      updateMessage(1, stick(0.1)),
      sliderMessage(1, 'gain', 0.2),
      updateMessage(1, stick(0.3)),
      sliderMessage(1, 'gain', 0.4),
      sliderMessage(1, 'zoom', 1),
    );
    expect(batcher.takeFrame()).toEqual({
      type: 'frame',
      users: [{ sliderId: 1, ...stick(0.3), sliders: { gain: 0.4, zoom: 1 } }],
    });
  });

  it('lists only the users who changed since the last frame, in the order they first changed', () => {
    const { batcher, accept } = setup();
    accept(connectMessage(1), connectMessage(2), connectMessage(3));
    accept(updateMessage(1, stick(0.1)), updateMessage(2, stick(0.2)));
    batcher.takeFrame();
    accept(
      sliderMessage(3, 'gain', 0.5),
      updateMessage(1, stick(-0.5)),
      updateMessage(3, stick(1)),
    );
    const frame = batcher.takeFrame();
    expect(frame?.users.map((user) => user.sliderId)).toEqual([3, 1]);
    expect(frame?.users[0]).toEqual({ sliderId: 3, ...stick(1), sliders: { gain: 0.5 } });
    expect(batcher.takeFrame()).toEqual({ type: 'frame', users: [] });
  });

  it('gives a user who only moved a slider the stick at rest', () => {
    const { batcher, accept } = setup();
    accept(connectMessage(1), sliderMessage(1, 'gain', 0.75));
    expect(batcher.takeFrame()?.users).toEqual([
      { sliderId: 1, x: 0, y: 0, speed: 0, angle: 0, sliders: { gain: 0.75 } },
    ]);
  });

  it('never brings back a user deleted since their last change', () => {
    const { batcher, accept } = setup();
    accept(connectMessage(1), connectMessage(2));
    accept(updateMessage(1, stick(0.1)), updateMessage(2, stick(0.2)), deleteMessage(1));
    expect(batcher.takeFrame()?.users.map((user) => user.sliderId)).toEqual([2]);
  });

  it('does not count a user who left and came back as changed until they move again', () => {
    const { batcher, accept } = setup();
    accept(connectMessage(1), updateMessage(1, stick(0.1)), deleteMessage(1), connectMessage(1));
    expect(batcher.takeFrame()).toEqual({ type: 'frame', users: [] });
    accept(updateMessage(1, stick(0.9)));
    expect(batcher.takeFrame()?.users).toEqual([{ sliderId: 1, ...stick(0.9), sliders: {} }]);
  });

  it('puts every live user in the next frame after changedAll, as a replay', () => {
    const { batcher, accept } = setup();
    accept(connectMessage(1), connectMessage(2), updateMessage(2, stick(0.2)));
    batcher.takeFrame();
    batcher.changedAll();
    expect(batcher.takeFrame()?.users).toEqual([
      { sliderId: 1, x: 0, y: 0, speed: 0, angle: 0, sliders: {} },
      { sliderId: 2, ...stick(0.2), sliders: {} },
    ]);
  });
});
