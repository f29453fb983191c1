import type { UserId } from '../../src/shared/protocol.js';
import { createSlots } from './slots.js';

/**
 * Where the core gets its players' slots: at once from this process's own
 * table (`localSlotBook`), or later from one the whole cluster shares
 * (server/cluster/). The core holds a joining phone's messages until its
 * slot is given, so either keeps each user's messages in order.
 */
export interface SlotBook {
  /** Gives `id` a slot, now or later: `given(slot)`, or `given(undefined)` when none is free. */
  take(id: UserId, given: (slot: number | undefined) => void): void;
  /** The slot `id` holds, or undefined for a user not present. */
  of(id: UserId): number | undefined;
  /** The present user holding `slot`, wherever they are, if any. */
  holder(slot: number): UserId | undefined;
  /** `id` left: its slot is free again. */
  release(id: UserId): void;
}

/** This process's own slots (slots.ts): every take is answered before it returns. */
export function localSlotBook(): SlotBook {
  const slots = createSlots();
  return {
    take: (id, given) => given(slots.take(id)),
    of: (id) => slots.of(id),
    holder: (slot) => slots.holder(slot),
    release: (id) => slots.release(id),
  };
}
