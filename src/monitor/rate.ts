/** Counts events and tells how many came in the last second. */
export interface RateMeter {
  /** One event happened at `now` (milliseconds). */
  count(now: number): void;
  /** Events in the second before `now`. */
  perSecond(now: number): number;
}

const WINDOW_MS = 1000;

/** A sliding one-second window; the timestamps it keeps are bounded by the rate itself. */
export function createRateMeter(): RateMeter {
  const times: number[] = [];
  let start = 0;
  const forgetBefore = (now: number) => {
    while (start < times.length && (times[start] ?? now) <= now - WINDOW_MS) start += 1;
    // Compacted now and then, so a long run does not keep every timestamp.
    if (start > 1024 && start * 2 > times.length) {
      times.splice(0, start);
      start = 0;
    }
  };
  return {
    count(now) {
      times.push(now);
      forgetBefore(now);
    },
    perSecond(now) {
      forgetBefore(now);
      return times.length - start;
    },
  };
}
