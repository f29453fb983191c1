/** How often sockets still waiting for their `connect` are checked, at most and at least. */
const SWEEP_MAX_MS = 1000;
const SWEEP_MIN_MS = 50;

/**
 * Phone sockets that have not said `connect` yet: one that holds a phone
 * place without ever becoming a player gives it back after `timeoutMs`.
 */
export interface ConnectDeadline<Handle> {
  /** A socket opened now; its time starts. */
  opened(handle: Handle): void;
  /** It said `connect`, or it is gone: no deadline any more. */
  settled(handle: Handle): void;
  /** Stops the checks and forgets every socket. */
  stop(): void;
}

/**
 * Checks every quarter of `timeoutMs` (within 50 ms and 1 s) and hands each
 * socket past its deadline to `expire`; an infinite timeout checks nothing.
 */
export function createConnectDeadline<Handle>(
  timeoutMs: number,
  {
    now,
    every,
    expire,
  }: {
    now: () => number;
    every: (intervalMs: number, tick: () => void) => () => void;
    expire: (handle: Handle) => void;
  },
): ConnectDeadline<Handle> {
  /** When each opened. A Map keeps insertion order: the oldest first, so a check stops at the first young one. */
  const waiting = new Map<Handle, number>();
  const check = (): void => {
    const openedBefore = now() - timeoutMs;
    for (const [handle, openedAt] of waiting) {
      if (openedAt > openedBefore) break;
      waiting.delete(handle);
      expire(handle);
    }
  };
  const stopChecks = Number.isFinite(timeoutMs)
    ? every(Math.max(SWEEP_MIN_MS, Math.min(SWEEP_MAX_MS, timeoutMs / 4)), check)
    : () => {};
  return {
    opened: (handle) => void waiting.set(handle, now()),
    settled: (handle) => void waiting.delete(handle),
    stop() {
      stopChecks();
      waiting.clear();
    },
  };
}
