/**
 * Reconnect timing. The first retry comes within 0.4 s, so a brief drop is
 * barely seen; the cap keeps a phone that lost the relay trying every few
 * seconds without a crowd of phones hammering it in step.
 */
export const BACKOFF = Object.freeze({ baseMs: 400, capMs: 5000 });

/**
 * The wait before retry number `attempt` (0 for the first): capped exponential
 * backoff with full jitter, `random() * min(cap, base * 2^attempt)`, which
 * spreads out phones that all lost the relay at the same moment.
 */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(BACKOFF.capMs, BACKOFF.baseMs * 2 ** Math.max(0, attempt));
  return random() * ceiling;
}
