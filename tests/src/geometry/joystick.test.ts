import { describe, expect, it } from 'vitest';
import { isOnBase, stickFromOffset, type StickReading } from '../../../src/geometry/joystick';

const REST: StickReading = { x: 0, y: 0, speed: 0, angle: 0, knobDx: 0, knobDy: 0 };

/** A pointer at `degrees` counter-clockwise from the right, `distance` px out (screen y down). */
const at = (degrees: number, distance: number): [number, number] => [
  distance * Math.cos((degrees * Math.PI) / 180),
  -distance * Math.sin((degrees * Math.PI) / 180),
];

const expectNoNegativeZero = (reading: StickReading) => {
  for (const [field, value] of Object.entries(reading)) {
    expect(Object.is(value, -0), `${field} is -0`).toBe(false);
  }
};

describe('stickFromOffset', () => {
  it.each<[string, number, number, Partial<StickReading>]>([
    ['the centre', 0, 0, REST],
    ['right', 50, 0, { x: 0.5, y: 0, speed: 50, angle: 0, knobDx: 50, knobDy: 0 }],
    ['up (screen y negative)', 0, -50, { x: 0, y: 0.5, speed: 50, angle: 90, knobDy: -50 }],
    ['left', -50, 0, { x: -0.5, y: 0, speed: 50, angle: 180, knobDx: -50 }],
    ['down', 0, 50, { x: 0, y: -0.5, speed: 50, angle: 270, knobDy: 50 }],
    ['up and right', 30, -40, { x: 0.3, y: 0.4, speed: 50, angle: 53 }],
    ['up and left', -30, -40, { x: -0.3, y: 0.4, speed: 50, angle: 127 }],
    ['down and left', -30, 40, { x: -0.3, y: -0.4, speed: 50, angle: 233 }],
    ['down and right', 30, 40, { x: 0.3, y: -0.4, speed: 50, angle: 307 }],
    ['exactly on the rim', 100, 0, { x: 1, y: 0, speed: 100, angle: 0, knobDx: 100 }],
    ['on the rim, up and right', 60, -80, { x: 0.6, y: 0.8, speed: 100, angle: 53 }],
    [
      'past the rim, clamped to it',
      300,
      -400,
      { x: 0.6, y: 0.8, speed: 100, angle: 53, knobDx: 60, knobDy: -80 },
    ],
    [
      'far past the rim on the left',
      -250,
      0,
      { x: -1, y: 0, speed: 100, angle: 180, knobDx: -100 },
    ],
    ['a third of the way, rounded to 3 decimals', 100 / 3, 0, { x: 0.333, speed: 33 }],
    ['two thirds down, rounded to 3 decimals', 0, 200 / 3, { y: -0.667, speed: 67, angle: 270 }],
    ['a mirrored two thirds, rounded alike', -200 / 3, 0, { x: -0.667, speed: 67, angle: 180 }],
    ['a direction that rounds to 360, sent as 0', ...at(359.6, 80), { angle: 0, speed: 80 }],
    ['a direction just short of that', ...at(359.4, 80), { angle: 359, speed: 80 }],
    ['a direction that rounds to 180', ...at(179.6, 80), { angle: 180 }],
  ])('reads %s', (_, dx, dy, expected) => {
    const reading = stickFromOffset(dx, dy, 100);
    expect(reading).toMatchObject(expected);
    expectNoNegativeZero(reading);
  });

  it.each<[string, number, number, number]>([
    ['-0 at the centre', -0, -0, 100],
    ['-0 across, straight down', -0, 50, 100],
    ['-0 along, straight right', 50, -0, 100],
    ['a tiny negative offset that rounds to 0', -0.0001, 0.0001, 100],
  ])('never gives -0 in any field, for %s', (_, dx, dy, radius) => {
    expectNoNegativeZero(stickFromOffset(dx, dy, radius));
  });

  it('reports a stick that reads as centred with angle 0', () => {
    expect(stickFromOffset(0, -0.01, 100)).toMatchObject({ x: 0, y: 0, speed: 0, angle: 0 });
  });

  it.each<[string, number, number, number]>([
    ['a radius of 0', 10, 10, 0],
    ['a negative radius', 10, 10, -5],
    ['a radius that is not a number', 10, 10, Number.NaN],
    ['an infinite radius', 10, 10, Number.POSITIVE_INFINITY],
    ['an offset that is not a number', Number.NaN, 0, 100],
    ['an infinite offset', Number.POSITIVE_INFINITY, 0, 100],
  ])('gives the rest state for %s', (_, dx, dy, radius) => {
    const reading = stickFromOffset(dx, dy, radius);
    expect(reading).toEqual(REST);
    expectNoNegativeZero(reading);
  });

  it('keeps every field within the wire ranges all the way round', () => {
    for (let degrees = 0; degrees < 360; degrees += 7.3) {
      for (const distance of [1, 37, 100, 250]) {
        const { x, y, speed, angle } = stickFromOffset(...at(degrees, distance), 100);
        expect(Math.abs(x) <= 1 && Math.abs(y) <= 1).toBe(true);
        expect(Math.round(x * 1000) / 1000).toBe(x);
        expect(Number.isInteger(speed) && speed >= 0 && speed <= 100).toBe(true);
        expect(Number.isInteger(angle) && angle >= 0 && angle <= 359).toBe(true);
      }
    }
  });
});

describe('isOnBase', () => {
  it.each<[string, number, number, boolean]>([
    ['the centre', 0, 0, true],
    ['inside', 50, -50, true],
    ['on the rim', 0, 100, true],
    ['just past the rim, within the slack', 110, 0, true],
    ['well outside', 200, 0, false],
    ['anywhere on a base of no size', 0, 0, false],
  ])('tells that a touch at %s starts on the base: %s', (name, dx, dy, expected) => {
    const radius = name.includes('no size') ? 0 : 100;
    expect(isOnBase(dx, dy, radius)).toBe(expected);
  });

  it('takes the slack as a fraction of the radius', () => {
    expect(isOnBase(110, 0, 100, 0)).toBe(false);
    expect(isOnBase(140, 0, 100, 0.5)).toBe(true);
  });
});
