import { describe, expect, it } from 'vitest';
import {
  stickFromOffset,
  type StickReading,
  type StickShape,
} from '../../../src/geometry/joystick';

const REST = { x: 0, y: 0, speed: 0, angle: 0 };
const wire = ({ x, y, speed, angle }: StickReading) => ({ x, y, speed, angle });
const shape = (deadzone: number, axis: StickShape['axis'] = 'both'): StickShape => ({
  deadzone,
  axis,
});

describe('stickFromOffset with a deadzone', () => {
  // A radius of 100 px, so offsets read as percentages of it.
  it.each<[string, number, number, number, object]>([
    ['the centre', 0.2, 0, 0, REST],
    ['inside the deadzone', 0.2, 15, 0, REST],
    ['exactly on its edge', 0.2, 0, -20, REST],
    ['a little past its edge', 0.2, 28, 0, { x: 0.1, y: 0, speed: 10, angle: 0 }],
    ['halfway from its edge to the rim', 0.2, 60, 0, { x: 0.5, y: 0, speed: 50, angle: 0 }],
    ['halfway, up', 0.2, 0, -60, { x: 0, y: 0.5, speed: 50, angle: 90 }],
    [
      'halfway, down and left',
      0.2,
      -60 / Math.SQRT2,
      60 / Math.SQRT2,
      { x: -0.354, y: -0.354, speed: 50, angle: 225 },
    ],
    ['on the rim', 0.2, 0, 100, { x: 0, y: -1, speed: 100, angle: 270 }],
    ['past the rim, clamped', 0.5, -300, 0, { x: -1, y: 0, speed: 100, angle: 180 }],
    ['the widest deadzone, inside', 0.5, 50, 0, REST],
    ['the widest deadzone, halfway past it', 0.5, 75, 0, { x: 0.5, y: 0, speed: 50, angle: 0 }],
    ['no deadzone', 0, 1, 0, { x: 0.01, y: 0, speed: 1, angle: 0 }],
  ])('%s (deadzone %s) reads as %j', (_name, deadzone, dx, dy, expected) => {
    expect(wire(stickFromOffset(dx, dy, 100, shape(deadzone)))).toEqual(expected);
  });

  it('still draws the knob under the thumb inside the deadzone', () => {
    expect(stickFromOffset(10, -5, 100, shape(0.2))).toEqual({ ...REST, knobDx: 10, knobDy: -5 });
  });

  it('treats a deadzone out of range as the nearest allowed one', () => {
    expect(wire(stickFromOffset(40, 0, 100, shape(0.9)))).toEqual(REST);
    expect(wire(stickFromOffset(40, 0, 100, shape(-1)))).toEqual({
      x: 0.4,
      y: 0,
      speed: 40,
      angle: 0,
    });
    expect(wire(stickFromOffset(40, 0, 100, shape(Number.NaN)))).toEqual({
      x: 0.4,
      y: 0,
      speed: 40,
      angle: 0,
    });
  });

  it('never reads -0 anywhere', () => {
    for (const [dx, dy] of [
      [-0.0001, 0],
      [0, -0.0001],
      [-21, 0],
      [0, 21],
      [-10, -10],
    ] as const) {
      const reading = stickFromOffset(dx, dy, 100, shape(0.2));
      for (const [field, value] of Object.entries(reading)) {
        expect(Object.is(value, -0), `${field} of ${dx},${dy}`).toBe(false);
      }
    }
  });
});

describe('stickFromOffset with an axis lock', () => {
  it.each<[string, StickShape['axis'], number, number, object, object]>([
    [
      'x: a diagonal reads its x alone',
      'x',
      50,
      -50,
      { x: 0.5, y: 0, speed: 50, angle: 0 },
      { knobDx: 50, knobDy: 0 },
    ],
    [
      'x: left and down',
      'x',
      -30,
      80,
      { x: -0.3, y: 0, speed: 30, angle: 180 },
      { knobDx: -30, knobDy: 0 },
    ],
    ['x: straight up reads nothing', 'x', 0, -80, REST, { knobDx: 0, knobDy: 0 }],
    [
      'x: past the rim along the axis is clamped',
      'x',
      150,
      90,
      { x: 1, y: 0, speed: 100, angle: 0 },
      { knobDx: 100 },
    ],
    [
      'y: a diagonal reads its y alone',
      'y',
      50,
      -50,
      { x: 0, y: 0.5, speed: 50, angle: 90 },
      { knobDx: 0, knobDy: -50 },
    ],
    ['y: down', 'y', 70, 40, { x: 0, y: -0.4, speed: 40, angle: 270 }, { knobDx: 0, knobDy: 40 }],
    ['y: straight right reads nothing', 'y', 80, 0, REST, { knobDx: 0, knobDy: 0 }],
    [
      'both: a diagonal reads both',
      'both',
      30,
      -40,
      { x: 0.3, y: 0.4, speed: 50, angle: 53 },
      { knobDx: 30, knobDy: -40 },
    ],
  ])('%s', (_name, axis, dx, dy, expected, knob) => {
    const reading = stickFromOffset(dx, dy, 100, shape(0, axis));
    expect(wire(reading)).toEqual(expected);
    expect(reading).toMatchObject(knob);
  });

  it('locks the axis before the deadzone is measured', () => {
    // 30 px right and 80 up is 85 px out, but only its 30 px along x count, inside a 0.4 deadzone.
    expect(wire(stickFromOffset(30, -80, 100, shape(0.4, 'x')))).toEqual(REST);
    expect(wire(stickFromOffset(70, -80, 100, shape(0.4, 'x')))).toEqual({
      x: 0.5,
      y: 0,
      speed: 50,
      angle: 0,
    });
  });
});
