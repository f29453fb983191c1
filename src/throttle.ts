/** A rate limiter for one stream of values; see `createThrottle`. */
export interface Throttle<T> {
  /** Offers the latest value: it goes out now, or at the end of the current interval. */
  push(value: T): void;
  /** Sends a waiting value now, if there is one. */
  flush(): void;
  /** Drops a waiting value and forgets the interval, so the next push goes out at once. */
  cancel(): void;
}

/**
 * Passes values to `emit` at most once every `intervalMs`, on both edges: the
 * first push goes out at once, pushes during the interval replace each other,
 * and the last one goes out when the interval ends, so the final value is
 * never lost. Nothing is emitted while nothing is pushed.
 */
export function createThrottle<T>(intervalMs: number, emit: (value: T) => void): Throttle<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  // Boxed, so that `undefined` is a value that can be waiting.
  let waiting: { value: T } | undefined;

  // The interval starts before `emit` runs, so a throwing or re-entrant emit
  // leaves the throttle consistent.
  const send = (value: T) => {
    timer = setTimeout(endInterval, intervalMs);
    emit(value);
  };

  function endInterval() {
    timer = undefined;
    if (!waiting) return;
    const { value } = waiting;
    waiting = undefined;
    send(value);
  }

  return {
    push(value) {
      if (timer === undefined) send(value);
      else waiting = { value };
    },
    flush() {
      if (!waiting) return;
      clearTimeout(timer);
      const { value } = waiting;
      waiting = undefined;
      send(value);
    },
    cancel() {
      clearTimeout(timer);
      timer = undefined;
      waiting = undefined;
    },
  };
}
