/** Between neighbouring dots at rest, in ems of the dot's font (a dot is 2.2 em wide): a little more than a dot. */
const SPACING_EM = 2.8;
/** The golden angle: each next dot turns this far, so the crowd fills a disc without gaps or lines. */
const GOLDEN_ANGLE = Math.PI * (3 - Math.sqrt(5));

/**
 * Where the `index`-th of the phones whose stick is at rest sits, in ems of
 * the dot's font from the centre. Every stick at rest reads 0,0, so without this a crowd
 * waiting to play would be one dot; laid out as a sunflower they are each
 * seen and clickable, the first one in the centre.
 */
export function restingOffset(index: number): { dx: number; dy: number } {
  if (index === 0) return { dx: 0, dy: 0 };
  const radius = SPACING_EM * Math.sqrt(index);
  const angle = index * GOLDEN_ANGLE;
  return { dx: radius * Math.cos(angle), dy: radius * Math.sin(angle) };
}

/** Whether a stick is at rest: the phone sends exactly 0,0 then. */
export const isAtRest = (stick: { x: number; y: number }): boolean =>
  stick.x === 0 && stick.y === 0;
