/** The parts of `navigator.wakeLock` the keeper uses. */
export interface WakeLockApi {
  request(type: 'screen'): Promise<WakeLockSentinelLike>;
}

/** The parts of a `WakeLockSentinel` the keeper uses. */
export interface WakeLockSentinelLike {
  release(): Promise<void>;
  addEventListener(type: 'release', listener: () => void, options?: { once?: boolean }): void;
}

/** Holds a screen wake lock while it is wanted. */
export interface WakeLockKeeper {
  /** Takes the lock when wanted and it is not held; releases it when not wanted. */
  want(wanted: boolean): void;
  /** Releases the lock for good. */
  dispose(): void;
}

/**
 * Keeps the screen awake while wanted. The browser drops the lock by itself
 * when the page is hidden; the next `want(true)` takes it again. A request
 * that is refused (battery saver, no permission) is tried again at the next
 * change; without the API (plain-http pages) nothing happens at all.
 */
export function createWakeLockKeeper(api: WakeLockApi | undefined): WakeLockKeeper {
  let wanted = false;
  let disposed = false;
  let sentinel: WakeLockSentinelLike | null = null;
  let requesting = false;

  function settle(): void {
    if (!api) return;
    if (wanted && !sentinel && !requesting) {
      requesting = true;
      api.request('screen').then(
        (taken) => {
          requesting = false;
          sentinel = taken;
          taken.addEventListener(
            'release',
            () => {
              if (sentinel === taken) sentinel = null;
            },
            { once: true },
          );
          // Whatever changed while the request was under way.
          settle();
        },
        () => {
          requesting = false;
        },
      );
    } else if (!wanted && sentinel) {
      const held = sentinel;
      sentinel = null;
      held.release().catch(() => {});
    }
  }

  return {
    want(next) {
      wanted = next && !disposed;
      settle();
    },
    dispose() {
      disposed = true;
      wanted = false;
      settle();
    },
  };
}
