import { describe, expect, it } from 'vitest';
import { crowdOf } from '../../../../../server/outputs/crowd/crowdOf';
import { createRoster } from '../../../../../server/core/roster';
import {
  buttonMessage,
  connectMessage,
  sliderMessage,
  updateMessage,
  type StickValues,
} from '../../../../../src/shared/protocol';
import { slotted } from '../../../../helpers/slotted';

interface Someone {
  stick: StickValues | null;
  sliders?: [string, number][];
  buttons?: [string, boolean][];
}

/** A roster holding these users, as the router would have filled it. */
function roomOf(...people: Someone[]) {
  const roster = createRoster();
  people.forEach(({ stick, sliders = [], buttons = [] }, index) => {
    const id = 100 + index;
    const slot = index + 1;
    roster.apply(slotted(connectMessage(id), slot));
    if (stick) roster.apply(slotted(updateMessage(id, stick), slot));
    for (const [name, value] of sliders)
      roster.apply(slotted(sliderMessage(id, name, value), slot));
    for (const [name, pressed] of buttons) {
      roster.apply(slotted(buttonMessage(id, name, pressed), slot));
    }
  });
  return roster.states();
}

const user = (
  _slot: number,
  stick: StickValues | null,
  sliders: [string, number][] = [],
  buttons: [string, boolean][] = [],
): Someone => ({ stick, sliders, buttons });

describe('crowdOf', () => {
  it('says an empty room is at rest', () => {
    expect(crowdOf(roomOf())).toEqual({
      type: 'crowd',
      count: 0,
      x: 0,
      y: 0,
      speed: 0,
      sliders: {},
      buttons: {},
    });
  });

  it('means the stick over everyone present, one who never moved counting as at rest', () => {
    const crowd = crowdOf(
      roomOf(
        user(1, { x: 1, y: 0, speed: 100, angle: 0 }),
        user(2, { x: 0, y: 0.5, speed: 50, angle: 90 }),
        user(3, null),
      ),
    );
    expect(crowd).toMatchObject({ count: 3, x: 0.333, y: 0.167, speed: 50 });
  });

  it('means each slider over the users who moved it, and counts who holds each button', () => {
    const crowd = crowdOf(
      roomOf(
        user(1, null, [['zoom', 1]], [['fire', true]]),
        user(
          2,
          null,
          [
            ['zoom', 0.5],
            ['hue', 0.2],
          ],
          [
            ['fire', false],
            ['jump', true],
          ],
        ),
        user(3, null, [], [['fire', true]]),
      ),
    );
    expect(crowd.sliders).toEqual({ zoom: 0.75, hue: 0.2 });
    expect(crowd.buttons).toEqual({ fire: 2, jump: 1 });
  });

  it('keeps every mean in range and to 3 decimals, the sign of the room too', () => {
    const crowd = crowdOf(
      roomOf(
        user(1, { x: -1, y: -1, speed: 100, angle: 225 }),
        user(2, { x: -0.001, y: -0.002, speed: 1, angle: 243 }),
        user(3, { x: -0.0005, y: 0, speed: 0, angle: 0 }),
      ),
    );
    expect(crowd).toMatchObject({ x: -0.334, y: -0.334, speed: 33.667 });
  });
});
