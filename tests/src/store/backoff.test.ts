import { describe, expect, it } from 'vitest';
import { BACKOFF, backoffDelay } from '../../../src/store/backoff';

const almostOne = () => 0.999999;

describe('backoffDelay', () => {
  it('makes the first retry come within half a second', () => {
    expect(backoffDelay(0, almostOne)).toBeLessThan(500);
  });

  it.each([
    [0, 400],
    [1, 800],
    [2, 1600],
    [3, 3200],
    [4, 5000],
    [10, 5000],
    [2000, 5000],
  ])('caps the wait before retry number %i at %i ms', (attempt, ceiling) => {
    expect(backoffDelay(attempt, () => 1)).toBe(ceiling);
  });

  it('spreads the wait evenly over the whole range (full jitter)', () => {
    expect(backoffDelay(3, () => 0)).toBe(0);
    expect(backoffDelay(3, () => 0.25)).toBe(800);
    expect(BACKOFF.capMs).toBe(5000);
  });
});
