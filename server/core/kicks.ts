import type { UserId } from '../../src/shared/protocol.js';

/**
 * The user ids the operator removed, each turned back until its hold ends
 * (`--kick-seconds`). A kicked phone reconnects by itself; without the hold
 * the visitor would be back a second later as if nothing had happened.
 */
export interface KickHolds {
  /** `id` was kicked now: its `connect`s are turned back for the hold. */
  hold(id: UserId): void;
  /** The milliseconds left of `id`'s hold; 0 for an id that is free. */
  remainingMs(id: UserId): number;
  /** Ids held now. */
  readonly size: number;
}

/**
 * Creates the table. Every hold lasts the same `holdMs`, so insertion order is
 * expiry order: ended holds are swept from the front as new ones come, and
 * the table never holds more ids than were kicked within one hold.
 */
export function createKickHolds(holdMs: number, now: () => number): KickHolds {
  const until = new Map<UserId, number>();

  function sweep(at: number): void {
    for (const [id, end] of until) {
      if (end > at) return;
      until.delete(id);
    }
  }

  return {
    hold(id) {
      const at = now();
      sweep(at);
      if (holdMs <= 0) return;
      // Re-inserted, so the order stays the order of expiry.
      until.delete(id);
      until.set(id, at + holdMs);
    },
    remainingMs(id) {
      const end = until.get(id);
      if (end === undefined) return 0;
      const left = end - now();
      if (left > 0) return left;
      until.delete(id);
      return 0;
    },
    get size() {
      sweep(now());
      return until.size;
    },
  };
}
