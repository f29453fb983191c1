import { describe, expect, it } from 'vitest';
import { median, quantile, spread } from '../../bench/stats';

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
});
