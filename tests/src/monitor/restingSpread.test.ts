import { describe, expect, it } from 'vitest';
import { isAtRest, restingOffset } from '../../../src/monitor/restingSpread';

describe('the spread of dots at rest', () => {
  it('puts the first in the centre', () => {
    expect(restingOffset(0)).toEqual({ dx: 0, dy: 0 });
  });

  it('keeps every two of 200 dots more than a dot (2.2 em) apart', () => {
    const points = Array.from({ length: 200 }, (_, index) => restingOffset(index));
    let closest = Infinity;
    for (const [i, a] of points.entries()) {
      for (const b of points.slice(i + 1))
        closest = Math.min(closest, Math.hypot(a.dx - b.dx, a.dy - b.dy));
    }
    expect(closest).toBeGreaterThan(2.2);
  });

  it('counts only a stick exactly at 0,0 as at rest', () => {
    expect(isAtRest({ x: 0, y: 0 })).toBe(true);
    expect(isAtRest({ x: 0.001, y: 0 })).toBe(false);
    expect(isAtRest({ x: 0, y: -0.5 })).toBe(false);
  });
});
