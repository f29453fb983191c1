import { describe, expect, it } from 'vitest';
import { createKickHolds } from '../../../../server/core/kicks';

describe('createKickHolds', () => {
  it('holds a kicked id for exactly the hold, then lets it go', () => {
    let now = 1000;
    const holds = createKickHolds(60_000, () => now);
    holds.hold(7);
    expect(holds.remainingMs(7)).toBe(60_000);
    now += 59_999;
    expect(holds.remainingMs(7)).toBe(1);
    now += 1;
    expect(holds.remainingMs(7)).toBe(0);
    expect(holds.size).toBe(0);
  });

  it('holds nothing when the hold is 0', () => {
    const holds = createKickHolds(0, () => 0);
    holds.hold(7);
    expect(holds.remainingMs(7)).toBe(0);
    expect(holds.size).toBe(0);
  });

  it('starts a second kick of the same id afresh', () => {
    let now = 0;
    const holds = createKickHolds(10_000, () => now);
    holds.hold(7);
    now = 8000;
    holds.hold(7);
    expect(holds.remainingMs(7)).toBe(10_000);
  });

  it('forgets ended holds as new ones come, so the table stays as small as one hold', () => {
    let now = 0;
    const holds = createKickHolds(1000, () => now);
    for (let id = 1; id <= 100; id += 1) {
      holds.hold(id);
      now += 100;
    }
    // Only the kicks of the last second are still held: the one a second ago has just ended.
    expect(holds.size).toBe(9);
    expect(holds.remainingMs(91)).toBe(0);
    expect(holds.remainingMs(100)).toBe(900);
  });
});
