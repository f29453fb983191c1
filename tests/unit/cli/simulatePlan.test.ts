import { describe, expect, it } from 'vitest';
import { anyGesture, circling, wandering } from '../../../cli/simulate/gestures';
import { nextSpell, type Spell } from '../../../cli/simulate/plan';
import { seededRandom } from '../../../cli/simulate/random';

const IDLE_MS = 10_000;

function spells(seed: number, count: number): Spell[] {
  const random = seededRandom(seed);
  const list: Spell[] = [];
  for (let n = 0; n < count; n++) list.push(nextSpell(random, list.at(-1)?.kind ?? null, IDLE_MS));
  return list;
}

describe('a visitor’s plan', () => {
  it('starts by playing, and follows every pause with play', () => {
    const list = spells(1, 400);
    expect(list[0]!.kind).toBe('play');
    for (let n = 1; n < list.length; n++) {
      if (list[n - 1]!.kind !== 'play') expect(list[n]!.kind).toBe('play');
      else expect(list[n]!.kind).not.toBe('play');
    }
  });

  it('rests for less than the idle time, goes idle for longer, and sometimes goes away', () => {
    const list = spells(2, 400);
    const kinds = new Set(list.map((spell) => spell.kind));
    expect([...kinds].sort()).toEqual(['away', 'idle', 'play', 'rest']);
    for (const spell of list) {
      if (spell.kind === 'rest') expect(spell.ms).toBeLessThan(IDLE_MS);
      if (spell.kind === 'idle') expect(spell.ms).toBeGreaterThan(IDLE_MS);
      expect(spell.ms).toBeGreaterThan(0);
    }
  });

  it('is the same plan for the same seed', () => {
    expect(spells(3, 50)).toEqual(spells(3, 50));
    expect(spells(3, 50)).not.toEqual(spells(4, 50));
  });
});

describe('gestures', () => {
  it.each([
    ['circling', circling],
    ['wandering', wandering],
    ['either', anyGesture],
  ])(
    '%s gives the page’s wire values: x, y in -1..1 to 3 decimals, speed and angle whole',
    (_, make) => {
      const random = seededRandom(5);
      for (let g = 0; g < 20; g++) {
        const gesture = make(random);
        for (let ms = 0; ms < 10_000; ms += 33) {
          const { x, y, speed, angle } = gesture(ms);
          expect(Math.abs(x)).toBeLessThanOrEqual(1);
          expect(Math.abs(y)).toBeLessThanOrEqual(1);
          expect(Math.round(x * 1000) / 1000).toBe(x);
          expect(Number.isInteger(speed) && speed >= 0 && speed <= 100).toBe(true);
          expect(Number.isInteger(angle) && angle >= 0 && angle <= 359).toBe(true);
        }
      }
    },
  );

  it('moves the stick smoothly: no jump of more than a fifth of the radius in one tick', () => {
    const random = seededRandom(6);
    for (let g = 0; g < 20; g++) {
      const gesture = anyGesture(random);
      let last = gesture(0);
      for (let ms = 33; ms < 10_000; ms += 33) {
        const next = gesture(ms);
        expect(Math.hypot(next.x - last.x, next.y - last.y)).toBeLessThan(0.4);
        last = next;
      }
    }
  });
});
