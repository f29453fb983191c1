import { describe, expect, it } from 'vitest';
import { median, quantile, slope, spread } from '../../bench/stats';

describe('benchmark statistics', () => {
  it('takes quantiles by nearest rank', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(quantile(sorted, 0.5)).toBe(50);
    expect(quantile(sorted, 0.99)).toBe(99);
    expect(quantile(sorted, 1)).toBe(100);
    expect(quantile([], 0.5)).toBeNaN();
  });

  it('gives the median of unsorted repeats', () => {
    expect(median([9, 1, 5])).toBe(5);
  });

  it('spreads samples into p50, p99 and max', () => {
    expect(spread([3, 1, 2])).toEqual({ p50: 2, p99: 3, max: 3 });
  });

  it('fits the slope of a noisy line by least squares', () => {
    const points = [0, 1, 2, 3].map((x) => ({ x, y: 10 + 2 * x + (x % 2 === 0 ? 0.5 : -0.5) }));
    expect(slope(points)).toBeCloseTo(1.8, 10);
    expect(
      slope([
        { x: 1, y: 2 },
        { x: 2, y: 4 },
      ]),
    ).toBe(2);
  });

  it('has no slope without two distinct x', () => {
    expect(slope([{ x: 1, y: 2 }])).toBeNaN();
    expect(slope([])).toBeNaN();
  });
});
