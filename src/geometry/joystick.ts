import type { StickValues } from '../shared/protocol.js';
import { clamp, round3, withoutNegativeZero } from './round.js';

/** The stick's wire values, plus where to draw the knob: pixels from the centre, y down. */
export interface StickReading extends StickValues {
  knobDx: number;
  knobDy: number;
}

/**
 * How far past the rim a touch may land and still grab the stick, as a fraction
 * of the radius: a thumb aimed at the edge often lands just outside it.
 */
export const BASE_SLACK = 0.15;

const usable = (...values: number[]) => values.every(Number.isFinite);

/** How a stick reads its offset: the layout's deadzone and axis lock (shared/layout.ts). */
export interface StickShape {
  /** 0 ..= 0.5 of the radius, inside which the stick reads 0,0,0,0. */
  deadzone: number;
  /** Which axes count; the other reads 0. */
  axis: 'both' | 'x' | 'y';
}

/** A stick with no deadzone and both axes: the reading is the offset itself. */
export const FREE_STICK: StickShape = Object.freeze({ deadzone: 0, axis: 'both' });

const AT_REST: StickReading = Object.freeze({
  x: 0,
  y: 0,
  speed: 0,
  angle: 0,
  knobDx: 0,
  knobDy: 0,
});

/**
 * Reads the stick from the pointer's offset from its centre in screen pixels
 * (y grows down). An axis lock drops the other axis first, so the knob only
 * slides along its axis. Past the rim the knob stays on the rim in the
 * pointer's direction (speed 100). Inside the deadzone the stick reads
 * 0,0,0,0 (the knob still follows the thumb); outside it the distance is
 * rescaled from the deadzone's edge, so the rim still reads 1 and there is
 * no jump where the deadzone ends. A radius of 0 or less, or a non-finite
 * input, gives the rest state.
 */
export function stickFromOffset(
  dx: number,
  dy: number,
  radius: number,
  shape: StickShape = FREE_STICK,
): StickReading {
  if (!(radius > 0) || !usable(dx, dy, radius)) return { ...AT_REST };
  const lockedDx = shape.axis === 'y' ? 0 : dx;
  const lockedDy = shape.axis === 'x' ? 0 : dy;
  const distance = Math.hypot(lockedDx, lockedDy);
  const scale = distance > radius ? radius / distance : 1;
  const knobDx = withoutNegativeZero(lockedDx * scale);
  const knobDy = withoutNegativeZero(lockedDy * scale);
  const deadzone = clamp(Number.isFinite(shape.deadzone) ? shape.deadzone : 0, 0, 0.5);
  const reach = Math.min(distance, radius) / radius;
  if (distance === 0 || reach <= deadzone) return { ...AT_REST, knobDx, knobDy };
  // The fraction of the way from the deadzone's edge to the rim, along the thumb's direction.
  const past = (reach - deadzone) / (1 - deadzone);
  const x = clamp(round3((past * lockedDx) / distance), -1, 1);
  // The screen's y grows down; the wire's grows up.
  const y = clamp(round3((-past * lockedDy) / distance), -1, 1);
  const speed = Math.round(past * 100);
  // A stick that reads as centred on the wire points nowhere, so the angle
  // cannot flicker while x and y stay 0.
  const angle = x === 0 && y === 0 ? 0 : wholeDegrees(Math.atan2(-lockedDy, lockedDx));
  return { x, y, speed, angle, knobDx, knobDy };
}

/** Radians from atan2 (-π ..= π) to whole degrees 0 ..= 359; 359.6 rounds to 360, which is 0. */
function wholeDegrees(radians: number): number {
  const degrees = Math.round((radians * 180) / Math.PI);
  return withoutNegativeZero((degrees + 360) % 360);
}

/**
 * Whether a pointer that goes down at this offset from the centre starts on the
 * base, allowing `slack` (a fraction of the radius) around the rim.
 */
export function isOnBase(dx: number, dy: number, radius: number, slack = BASE_SLACK): boolean {
  if (!(radius > 0) || !usable(dx, dy, radius, slack)) return false;
  return Math.hypot(dx, dy) <= radius * (1 + slack);
}
