import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSlots, type Slots } from '../../../../server/core/slots';

/** Takes a slot for each id in turn and returns them. */
const takeAll = (slots: Slots, ids: number[]) => ids.map((id) => slots.take(id));

describe('the slot table', () => {
  it('gives the first users slots 1, 2, 3 in the order they join', () => {
    const slots = createSlots();
    expect(takeAll(slots, [700, 12, 99])).toEqual([1, 2, 3]);
    expect(slots.size).toBe(3);
  });

  it('gives a newcomer the smallest free slot, not the next unused one', () => {
    const slots = createSlots();
    takeAll(slots, [1, 2, 3, 4]);
    slots.release(3);
    slots.release(2);
    expect(slots.take(5)).toBe(2);
    expect(slots.take(6)).toBe(3);
    expect(slots.take(7)).toBe(5);
  });

  it('gives a returning id its last slot while that slot is still free', () => {
    const slots = createSlots();
    takeAll(slots, [10, 20, 30]);
    slots.release(20);
    slots.release(30);
    slots.release(10);
    // Slot 1 is the smallest free, but 30 had 3.
    expect(slots.take(30)).toBe(3);
    expect(slots.take(10)).toBe(1);
    expect(slots.take(20)).toBe(2);
  });

  it('gives a returning id the smallest free slot when its old one was taken meanwhile', () => {
    const slots = createSlots();
    takeAll(slots, [10, 20, 30]);
    slots.release(20);
    expect(slots.take(40)).toBe(2);
    slots.release(10);
    expect(slots.take(20)).toBe(1);
    // 10's old slot is 20's now, and nothing below 4 is free.
    expect(slots.take(10)).toBe(4);
  });

  it('keeps the slot of a present id that asks again', () => {
    const slots = createSlots();
    takeAll(slots, [10, 20]);
    expect(slots.take(20)).toBe(2);
    expect(slots.take(10)).toBe(1);
    expect(slots.size).toBe(2);
    expect(slots.take(30)).toBe(3);
  });

  it('tells the slot of a present user and the present user of a slot, and nothing once they left', () => {
    const slots = createSlots();
    takeAll(slots, [10, 20]);
    expect([slots.of(10), slots.of(20), slots.of(30)]).toEqual([1, 2, undefined]);
    expect([slots.holder(1), slots.holder(2), slots.holder(3), slots.holder(0)]).toEqual([
      10,
      20,
      undefined,
      undefined,
    ]);
    slots.release(10);
    expect(slots.of(10)).toBeUndefined();
    expect(slots.holder(1)).toBeUndefined();
    expect(slots.size).toBe(1);
  });

  it('ignores the release of an id that is not present, or released twice', () => {
    const slots = createSlots();
    takeAll(slots, [10, 20]);
    slots.release(99);
    slots.release(10);
    slots.release(10);
    expect(slots.size).toBe(1);
    // Slot 1 went back into the pool once: it is given once, then the next one.
    expect(takeAll(slots, [30, 40])).toEqual([1, 3]);
  });

  it('forgets the oldest departed ids past the remembered limit', () => {
    const remembering = createSlots(2);
    const forgetting = createSlots(1);
    for (const slots of [remembering, forgetting]) {
      takeAll(slots, [10, 20, 30]);
      slots.release(30);
      slots.release(20);
    }
    // With room for two, 30 is still remembered; with room for one, only 20 is.
    expect(remembering.take(30)).toBe(3);
    expect(forgetting.take(30)).toBe(2);
    expect(forgetting.take(20)).toBe(3);
  });

  it('remembers nobody with a limit of 0', () => {
    const slots = createSlots(0);
    takeAll(slots, [10, 20, 30]);
    slots.release(30);
    slots.release(10);
    expect(slots.take(30)).toBe(1);
  });

  it('never gives a slot its returning user took back to anyone else, however often users come back', () => {
    const slots = createSlots();
    const ids = Array.from({ length: 100 }, (_, k) => k + 1);
    takeAll(slots, ids);
    // Each return leaves a stale entry behind in the table's heap: far more than it keeps.
    for (let round = 0; round < 1000; round += 1) {
      const id = (round % 100) + 1;
      slots.release(id);
      expect(slots.take(id)).toBe(id);
    }
    expect(slots.take(101)).toBe(101);
    slots.release(50);
    slots.release(7);
    expect(takeAll(slots, [102, 103, 104])).toEqual([7, 50, 102]);
    expect(slots.size).toBe(102);
  });

  it('follows the rule for any joins and leaves: one slot per present user, the smallest free for a newcomer', () => {
    const step = fc.record({
      join: fc.boolean(),
      id: fc.integer({ min: 1, max: 8 }),
    });
    fc.assert(
      fc.property(
        fc.array(step, { maxLength: 400 }),
        fc.integer({ min: 0, max: 5 }),
        (steps, rememberedLimit) => {
          const slots = createSlots(rememberedLimit);
          // The rule spelled out plainly, to hold the table to.
          const present = new Map<number, number>();
          const remembered = new Map<number, number>();
          const held = () => new Set(present.values());
          const smallestFree = () => {
            let slot = 1;
            while (held().has(slot)) slot += 1;
            return slot;
          };
          let mostPresent = 0;
          for (const { join, id } of steps) {
            if (join) {
              const asked = slots.take(id);
              let expected = present.get(id);
              if (expected === undefined) {
                const last = remembered.get(id);
                remembered.delete(id);
                const newcomer = last === undefined || held().has(last);
                expected = newcomer ? smallestFree() : last;
                present.set(id, expected);
                // The smallest free of a newcomer is never past the users now present.
                if (newcomer) expect(expected).toBeLessThanOrEqual(present.size);
              }
              expect(asked).toBe(expected);
            } else {
              slots.release(id);
              const slot = present.get(id);
              if (slot !== undefined) {
                present.delete(id);
                remembered.set(id, slot);
                const oldest = remembered.keys().next();
                if (remembered.size > rememberedLimit && !oldest.done) {
                  remembered.delete(oldest.value);
                }
              }
            }
            mostPresent = Math.max(mostPresent, present.size);
            expect(slots.size).toBe(present.size);
            expect(held().size).toBe(present.size);
            for (const [user, slot] of present) {
              expect(slots.of(user)).toBe(slot);
              expect(slots.holder(slot)).toBe(user);
              expect(slot).toBeLessThanOrEqual(mostPresent);
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
