/**
 * How soon to try again, chosen by what the relay said last (see closeCodes.ts):
 * - `normal`: the socket dropped or could not open. The first retry comes
 *   within 0.4 s, so a brief drop is barely seen; the cap keeps a phone that
 *   lost the relay trying every few seconds without a crowd hammering it in step.
 * - `soon`: the relay said it is going away (a restart), or a lasting
 *   connection vanished without a word (a relay that crashed), so it is worth
 *   asking often: a cap of 1 s brings every phone back within about a second
 *   of the relay's return. After `attempts` tries it is no restart, and the
 *   `normal` pace takes over.
 * - `patient`: the relay is full or turned the phone away; asking again at
 *   once would only add to its load, so every retry waits at least `floorMs`.
 *   A kick names its own wait instead (`AFTER_KICK_JITTER_MS`).
 */
export const BACKOFF = Object.freeze({
  normal: { floorMs: 0, baseMs: 400, capMs: 5000 },
  soon: { floorMs: 0, baseMs: 200, capMs: 1000, attempts: 60 },
  patient: { floorMs: 3000, baseMs: 2000, capMs: 20000 },
} as const);

export type RetryPace = keyof typeof BACKOFF;

/**
 * The wait before retry number `attempt` (0 for the first) at `pace`:
 * `floor + random() * min(cap, base * 2^attempt)`, capped exponential backoff
 * with full jitter, which spreads out phones that all lost the relay at the
 * same moment.
 */
export function backoffDelay(
  attempt: number,
  random: () => number = Math.random,
  pace: RetryPace = 'normal',
): number {
  const settled = pace === 'soon' && attempt >= BACKOFF.soon.attempts ? 'normal' : pace;
  const { floorMs, baseMs, capMs } = BACKOFF[settled];
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt));
  return floorMs + random() * ceiling;
}

/**
 * A kicked phone asks again once the kick's seconds are up, plus up to this
 * much at random, so phones the operator removed together do not return in step.
 */
export const AFTER_KICK_JITTER_MS = 1000;
