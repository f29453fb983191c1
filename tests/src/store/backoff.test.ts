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
    expect(BACKOFF.normal.capMs).toBe(5000);
  });

  it.each([0, 1, 5, 59])(
    'retries within a second at the soon pace (retry number %i), as after a relay restart',
    (attempt) => {
      expect(backoffDelay(attempt, () => 1, 'soon')).toBeLessThanOrEqual(1000);
    },
  );

  it('falls back to the normal pace once a restart has taken too long to be one', () => {
    const attempt = BACKOFF.soon.attempts;
    expect(backoffDelay(attempt, () => 1, 'soon')).toBe(backoffDelay(attempt, () => 1, 'normal'));
  });

  it.each([0, 1, 3, 100])(
    'waits at least 3 s at the patient pace (retry number %i), for a full relay',
    (attempt) => {
      expect(backoffDelay(attempt, () => 0, 'patient')).toBe(3000);
      expect(backoffDelay(attempt, () => 1, 'patient')).toBeGreaterThan(
        backoffDelay(attempt, () => 1, 'normal'),
      );
    },
  );

  it('caps the patient pace at 23 s', () => {
    expect(backoffDelay(2000, () => 1, 'patient')).toBe(23_000);
  });
});
