import type { UserId } from '../../src/shared/protocol.js';
import type { Roster } from '../core/roster.js';
import type { SlotBook } from '../core/slotBook.js';
import type { ClusterSlots } from './slotScript.js';

/** What the slot book counts, for /healthz. */
export interface SlotBookStats {
  /** Takes and releases Redis refused or failed (it was away): the phone was turned away, or the slot is freed when its node is gone. */
  failed: number;
}

/**
 * The core's slots from the cluster's table in Redis (slotScript.ts): unique
 * across every node. What this node's users hold is kept here too, so the
 * core reads it without a round trip; who holds a slot anywhere is read from
 * the cluster's roster, which every node's events fill.
 */
export function clusterSlotBook(
  slots: ClusterSlots,
  users: Roster,
  warn: (line: string) => void,
): SlotBook & { stats(): SlotBookStats } {
  const held = new Map<UserId, number>();
  let failed = 0;
  const fail = (what: string, error: unknown): void => {
    failed += 1;
    if (failed === 1) {
      warn(
        `crowdstick: could not ${what} a slot in Redis (${(error as Error).message}); further failures are only counted`,
      );
    }
  };

  return {
    take(id, given) {
      slots.take(id).then(
        (slot) => {
          if (slot !== undefined) held.set(id, slot);
          given(slot);
        },
        // Without Redis no slot can be known unique: the phone is turned away (1013) and retries.
        (error: unknown) => {
          fail('take', error);
          given(undefined);
        },
      );
    },
    of: (id) => held.get(id),
    holder(slot) {
      for (const state of users.states()) if (state.slot === slot) return state.connect.sliderId;
      return undefined;
    },
    release(id) {
      held.delete(id);
      slots.release(id).catch((error: unknown) => fail('release', error));
    },
    stats: () => ({ failed }),
  };
}
