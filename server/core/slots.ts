import type { UserId } from '../../src/shared/protocol.js';

/**
 * Player numbers: every present user holds a slot, the smallest free one in
 * 1, 2, 3, ... when they join, theirs until they leave. Small, dense and
 * stable, a slot makes a good instance index, colour or channel name, where
 * a random 31-bit id does not. A user who comes back while their old slot is
 * still free gets it again, so a visitor who idled out is still "player 3".
 */
export interface Slots {
  /** Gives `id` a slot (its current one if present): its last one if still free, else the smallest free. */
  take(id: UserId): number;
  /** The slot `id` holds, or undefined for a user not present. */
  of(id: UserId): number | undefined;
  /** The present user holding `slot`, if any. */
  holder(slot: number): UserId | undefined;
  /** `id` left: its slot is free again, and remembered for its return. */
  release(id: UserId): void;
  /** Present users. */
  readonly size: number;
}

/** A binary min-heap of numbers, for the smallest free slot. */
class MinHeap {
  readonly items: number[] = [];

  push(value: number): void {
    const items = this.items;
    let index = items.push(value) - 1;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (items[parent]! <= value) break;
      items[index] = items[parent]!;
      index = parent;
    }
    items[index] = value;
  }

  peek(): number | undefined {
    return this.items[0];
  }

  pop(): number | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length === 0 || last === undefined) return top;
    let index = 0;
    for (;;) {
      const left = 2 * index + 1;
      if (left >= items.length) break;
      const right = left + 1;
      const child = right < items.length && items[right]! < items[left]! ? right : left;
      if (items[child]! >= last) break;
      items[index] = items[child]!;
      index = child;
    }
    items[index] = last;
    return top;
  }
}

/**
 * Creates the slot table. `rememberedLimit` bounds how many departed users'
 * last slots are kept for their return (the oldest are forgotten first).
 */
export function createSlots(rememberedLimit = 10_000): Slots {
  const slotOf = new Map<UserId, number>();
  const holderOf = new Map<number, UserId>();
  /** Slots below `next` that nobody holds. */
  const free = new Set<number>();
  /**
   * The same free slots, smallest first. A slot taken back by its returning
   * user stays in the heap, stale, and is skipped when it comes up.
   */
  let heap = new MinHeap();
  /** One past the highest slot ever given. */
  let next = 1;
  /** Departed users' last slots, oldest first. */
  const lastSlot = new Map<UserId, number>();

  function smallestFree(): number {
    for (;;) {
      const top = heap.peek();
      if (top === undefined) return next++;
      heap.pop();
      if (free.has(top)) {
        free.delete(top);
        return top;
      }
    }
  }

  /** Stale entries pile up only when users keep returning to their slots; start afresh now and then. */
  function compactHeap(): void {
    if (heap.items.length <= 2 * free.size + 64) return;
    heap = new MinHeap();
    for (const slot of free) heap.push(slot);
  }

  return {
    take(id) {
      const held = slotOf.get(id);
      if (held !== undefined) return held;
      const last = lastSlot.get(id);
      lastSlot.delete(id);
      let slot: number;
      if (last !== undefined && free.has(last)) {
        free.delete(last);
        slot = last;
      } else {
        slot = smallestFree();
      }
      slotOf.set(id, slot);
      holderOf.set(slot, id);
      return slot;
    },
    of: (id) => slotOf.get(id),
    holder: (slot) => holderOf.get(slot),
    release(id) {
      const slot = slotOf.get(id);
      if (slot === undefined) return;
      slotOf.delete(id);
      holderOf.delete(slot);
      free.add(slot);
      heap.push(slot);
      compactHeap();
      lastSlot.set(id, slot);
      if (lastSlot.size > rememberedLimit) {
        const oldest = lastSlot.keys().next();
        if (!oldest.done) lastSlot.delete(oldest.value);
      }
    },
    get size() {
      return slotOf.size;
    },
  };
}
