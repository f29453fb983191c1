/** How fast one phone may send, and when it counts as flooding (RelayOptions has the defaults). */
export interface RateLimits {
  /** Messages a second, on average. */
  phoneRate: number;
  /** Messages at once above the average. */
  phoneBurst: number;
  /** Dropped messages, forgiven at `phoneRate`, after which the phone is closed. */
  floodLimit: number;
}

/**
 * One phone's token bucket. It lives inside the phone's own record and is
 * updated in place, so checking a message allocates nothing.
 */
export interface TokenBucket {
  tokens: number;
  /** When `tokens` was last topped up, in the clock's milliseconds. */
  refilledAt: number;
  /** Recent drops, forgiven at the refill rate: how far past its limit the phone keeps going. */
  excess: number;
}

/** What to do with one message: pass it on, drop it, or drop it and close the flooding phone. */
export type RateVerdict = 'pass' | 'drop' | 'flood';

/** A full bucket: a phone that just arrived may send its burst at once. */
export const fullBucket = (nowMs: number, limits: RateLimits): TokenBucket => ({
  tokens: limits.phoneBurst,
  refilledAt: nowMs,
  excess: 0,
});

/**
 * Takes one token for a message arriving at `nowMs`. A phone a little over its
 * rate only loses the excess; one whose drops outrun the forgiveness by
 * `floodLimit` is flooding, reported once as it crosses the limit.
 */
export function takeToken(bucket: TokenBucket, nowMs: number, limits: RateLimits): RateVerdict {
  const refill = (Math.max(0, nowMs - bucket.refilledAt) / 1000) * limits.phoneRate;
  bucket.refilledAt = nowMs;
  bucket.tokens = Math.min(limits.phoneBurst, bucket.tokens + refill);
  const excess = Math.max(0, bucket.excess - refill);
  if (bucket.tokens >= 1) {
    bucket.tokens -= 1;
    bucket.excess = excess;
    return 'pass';
  }
  bucket.excess = excess + 1;
  return excess <= limits.floodLimit && bucket.excess > limits.floodLimit ? 'flood' : 'drop';
}
