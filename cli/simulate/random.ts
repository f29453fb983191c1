/** A source of numbers in [0, 1), as `Math.random`; seeded in tests so a crowd can be replayed. */
export type Random = () => number;

/**
 * mulberry32: a small, fast generator whose sequence is fixed by its seed, so
 * a test can ask for the same crowd twice. Not for anything secret.
 */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A number in `min ..< max`. */
export const between = (random: Random, min: number, max: number): number =>
  min + random() * (max - min);

/** True with probability `p`. */
export const chance = (random: Random, p: number): boolean => random() < p;
