import { describe, expect, it } from 'vitest';
import { isStickKey, pushOfKeys } from '../../../src/geometry/keyboardStick';
import { stickFromOffset } from '../../../src/geometry/joystick';

const DIAGONAL = Math.SQRT1_2;

describe('pushOfKeys', () => {
  it.each<[string[], number, number]>([
    [[], 0, 0],
    [['ArrowRight'], 1, 0],
    [['KeyD'], 1, 0],
    [['ArrowLeft'], -1, 0],
    [['KeyA'], -1, 0],
    [['ArrowUp'], 0, -1],
    [['KeyW'], 0, -1],
    [['ArrowDown'], 0, 1],
    [['KeyS'], 0, 1],
    [['ArrowUp', 'ArrowRight'], DIAGONAL, -DIAGONAL],
    [['KeyW', 'KeyA'], -DIAGONAL, -DIAGONAL],
    [['ArrowDown', 'KeyA'], -DIAGONAL, DIAGONAL],
    [['ArrowLeft', 'ArrowRight'], 0, 0],
    [['KeyW', 'KeyS', 'KeyD'], 1, 0],
    [['ArrowUp', 'KeyW'], 0, -1],
    [['Space', 'KeyQ'], 0, 0],
  ])('puts the stick for %j at (%f, %f)', (held, dx, dy) => {
    const push = pushOfKeys(held);
    expect(push.dx).toBeCloseTo(dx, 10);
    expect(push.dy).toBeCloseTo(dy, 10);
  });

  it('reads the same wire values as a drag to the same point on the rim', () => {
    const radius = 120;
    const push = pushOfKeys(['ArrowUp', 'ArrowLeft']);
    const fromKeys = stickFromOffset(push.dx * radius, push.dy * radius, radius);
    const fromDrag = stickFromOffset(-radius * DIAGONAL, -radius * DIAGONAL, radius);
    expect(fromKeys).toMatchObject({ x: -0.707, y: 0.707, speed: 100, angle: 135 });
    expect(fromKeys).toEqual(fromDrag);
  });

  it('gives no -0, so a cancelled axis reads as a plain 0', () => {
    const push = pushOfKeys(['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown']);
    expect(Object.is(push.dx, 0) && Object.is(push.dy, 0)).toBe(true);
  });
});

describe('isStickKey', () => {
  it('knows the arrows and WASD by their physical codes, and nothing else', () => {
    for (const code of ['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', 'KeyW', 'KeyA']) {
      expect([code, isStickKey(code)]).toEqual([code, true]);
    }
    for (const code of ['w', 'Space', 'Enter', 'toString', '']) {
      expect([code, isStickKey(code)]).toEqual([code, false]);
    }
  });
});
