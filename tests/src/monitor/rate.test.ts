import { describe, expect, it } from 'vitest';
import { createRateMeter } from '../../../src/monitor/rate';

describe('the rate meter', () => {
  it('counts the events of the last second only', () => {
    const rate = createRateMeter();
    expect(rate.perSecond(0)).toBe(0);
    for (let t = 0; t < 1000; t += 100) rate.count(t);
    expect(rate.perSecond(999)).toBe(10);
    expect(rate.perSecond(1050)).toBe(9);
    expect(rate.perSecond(2000)).toBe(0);
  });

  it('stays right over a long run at a high rate', () => {
    const rate = createRateMeter();
    for (let t = 0; t < 60_000; t += 1) rate.count(t);
    expect(rate.perSecond(59_999)).toBe(1000);
  });
});
