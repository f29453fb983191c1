/** An offset from the stick's centre in units of its radius, y down as on screen. */
export interface Push {
  dx: number;
  dy: number;
}

type Direction = 'up' | 'down' | 'left' | 'right';

// Physical keys (`KeyboardEvent.code`), so WASD sits under the same fingers on
// an AZERTY keyboard. A Map, so keys such as "toString" find nothing.
const KEY_DIRECTIONS = new Map<string, Direction>([
  ['ArrowUp', 'up'],
  ['KeyW', 'up'],
  ['ArrowDown', 'down'],
  ['KeyS', 'down'],
  ['ArrowLeft', 'left'],
  ['KeyA', 'left'],
  ['ArrowRight', 'right'],
  ['KeyD', 'right'],
]);

/** Whether a key (by `KeyboardEvent.code`) moves the stick. */
export const isStickKey = (code: string): boolean => KEY_DIRECTIONS.has(code);

/**
 * Where the held keys put the stick: one direction is on the rim, two at right
 * angles on the rim's diagonal, opposite ones cancel out, and an arrow held
 * with its letter counts once.
 */
export function pushOfKeys(held: Iterable<string>): Push {
  const directions = new Set<Direction | undefined>();
  for (const code of held) directions.add(KEY_DIRECTIONS.get(code));
  const dx = Number(directions.has('right')) - Number(directions.has('left'));
  const dy = Number(directions.has('down')) - Number(directions.has('up'));
  const length = Math.hypot(dx, dy);
  return length === 0 ? { dx: 0, dy: 0 } : { dx: dx / length, dy: dy / length };
}
