import { describe, expect, it } from 'vitest';
import { fullBucket, takeToken, type RateLimits } from '../../../../server/core/rateLimit';

const limits: RateLimits = { phoneRate: 100, phoneBurst: 10, floodLimit: 50 };

/** Sends `count` messages `gapMs` apart from `startMs`, and tallies the verdicts. */
function send(bucket: ReturnType<typeof fullBucket>, count: number, gapMs: number, startMs = 0) {
  const tally = { pass: 0, drop: 0, flood: 0 };
  for (let i = 0; i < count; i += 1) tally[takeToken(bucket, startMs + i * gapMs, limits)] += 1;
  return tally;
}

describe('takeToken', () => {
  it('lets a new phone send its whole burst at once, and drops the rest', () => {
    expect(send(fullBucket(0, limits), 15, 0)).toEqual({ pass: 10, drop: 5, flood: 0 });
  });

  it('passes a phone that keeps exactly to its rate, forever', () => {
    expect(send(fullBucket(0, limits), 10_000, 10)).toEqual({ pass: 10_000, drop: 0, flood: 0 });
  });

  it('only drops the excess of a phone at twice its rate, never calling it a flood', () => {
    const tally = send(fullBucket(0, limits), 2000, 5);
    expect(tally.flood).toBe(0);
    expect(tally.pass).toBeGreaterThanOrEqual(1000);
    expect(tally.pass).toBeLessThanOrEqual(1011);
  });

  it('reports a flood once, as the drops outrun the limit, while passing only the rate', () => {
    const tally = send(fullBucket(0, limits), 1000, 0.1);
    expect(tally.flood).toBe(1);
    // 100 ms at 100 a second is 10 tokens, on top of the burst of 10.
    expect(tally.pass).toBeLessThanOrEqual(20);
    expect(tally.pass + tally.drop + tally.flood).toBe(1000);
  });

  it('forgives a past flood at the refill rate', () => {
    const bucket = fullBucket(0, limits);
    send(bucket, 40, 0);
    expect(bucket.excess).toBe(30);
    expect(takeToken(bucket, 1000, limits)).toBe('pass');
    expect(bucket.excess).toBe(0);
  });

  it('survives a clock that goes backwards', () => {
    const bucket = fullBucket(1000, limits);
    expect(takeToken(bucket, 0, limits)).toBe('pass');
    expect(Number.isFinite(bucket.tokens)).toBe(true);
  });
});
