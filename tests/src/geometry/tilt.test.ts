import { describe, expect, it } from 'vitest';
import { FULL_TILT_DEGREES, pushOfPose, type Pose } from '../../../src/geometry/tilt';

const FLAT: Pose = { beta: 0, gamma: 0 };
const HELD: Pose = { beta: 40, gamma: 0 };

describe('pushOfPose', () => {
  it('puts the rim at 30 degrees', () => {
    expect(FULL_TILT_DEGREES).toBe(30);
  });

  it.each<[string, Pose, Pose, number, { dx: number; dy: number }]>([
    ['the calibrated pose itself', HELD, HELD, 0, { dx: 0, dy: 0 }],
    [
      'the top tipped away by 15 degrees: up, halfway',
      { beta: 25, gamma: 0 },
      HELD,
      0,
      { dx: 0, dy: -0.5 },
    ],
    [
      'the top tipped towards the visitor by 30: down, on the rim',
      { beta: 70, gamma: 0 },
      HELD,
      0,
      { dx: 0, dy: 1 },
    ],
    [
      'the right edge down by 15: right, halfway',
      { beta: 40, gamma: 15 },
      HELD,
      0,
      { dx: 0.5, dy: 0 },
    ],
    [
      'the left edge down by 30: left, on the rim',
      { beta: 40, gamma: -30 },
      HELD,
      0,
      { dx: -1, dy: 0 },
    ],
    [
      'further than 30: past the rim, for the joystick to clamp',
      { beta: 40, gamma: 60 },
      HELD,
      0,
      { dx: 2, dy: 0 },
    ],
    ['up and right', { beta: 25, gamma: 15 }, HELD, 0, { dx: 0.5, dy: -0.5 }],
    ['flat, calibrated flat', FLAT, FLAT, 0, { dx: 0, dy: 0 }],
    [
      '10 degrees on, across beta ±180: a third down, no jump',
      { beta: -175, gamma: 0 },
      { beta: 175, gamma: 0 },
      0,
      { dx: 0, dy: 1 / 3 },
    ],
    [
      'landscape (90): the right edge tipped away is up',
      { beta: 40, gamma: 15 },
      HELD,
      90,
      { dx: 0, dy: -0.5 },
    ],
    [
      'landscape (90): the top tipped away is left',
      { beta: 25, gamma: 0 },
      HELD,
      90,
      { dx: -0.5, dy: 0 },
    ],
    [
      'upside down (180): right edge down is left',
      { beta: 40, gamma: 15 },
      HELD,
      180,
      { dx: -0.5, dy: 0 },
    ],
    [
      'landscape the other way (270): the left edge tipped away is up',
      { beta: 40, gamma: -15 },
      HELD,
      270,
      { dx: 0, dy: -0.5 },
    ],
    ['an angle of -90 is 270', { beta: 40, gamma: -15 }, HELD, -90, { dx: 0, dy: -0.5 }],
  ])('%s', (_name, pose, rest, screenAngle, expected) => {
    const push = pushOfPose(pose, rest, screenAngle);
    expect(push.dx).toBeCloseTo(expected.dx, 10);
    expect(push.dy).toBeCloseTo(expected.dy, 10);
    expect(Object.is(push.dx, -0) || Object.is(push.dy, -0)).toBe(false);
  });

  it('reads a pose it cannot use as the centre', () => {
    expect(pushOfPose({ beta: Number.NaN, gamma: 0 }, HELD)).toEqual({ dx: 0, dy: 0 });
    expect(pushOfPose(HELD, { beta: 0, gamma: Infinity })).toEqual({ dx: 0, dy: 0 });
    expect(pushOfPose({ beta: 10, gamma: 0 }, HELD, 0, 0)).toEqual({ dx: 0, dy: 0 });
  });
});
