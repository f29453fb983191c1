/** -0 prints as 0 but fails `Object.is` and strict readers; the wire only ever gets plain 0. */
export const withoutNegativeZero = (value: number): number => (value === 0 ? 0 : value);

/**
 * Rounds to 3 decimals, halves away from zero, so a mirrored input gives a
 * mirrored output (`Math.round` alone would round -0.0005 and 0.0005 apart).
 */
export function round3(value: number): number {
  return withoutNegativeZero(Math.sign(value) * (Math.round(Math.abs(value) * 1000) / 1000));
}

/** Clamps to `min ..= max`. */
export const clamp = (value: number, min: number, max: number): number =>
  Math.min(max, Math.max(min, value));
