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

/**
 * Reads the stick from the pointer's offset from its centre in screen pixels
 * (y grows down). Past the rim the knob stays on the rim in the pointer's
 * direction (speed 100). A radius of 0 or less, or a non-finite input, gives
 * the rest state.
 */
export function stickFromOffset(dx: number, dy: number, radius: number): StickReading {
  if (!(radius > 0) || !usable(dx, dy, radius)) {
    return { x: 0, y: 0, speed: 0, angle: 0, knobDx: 0, knobDy: 0 };
  }
  const distance = Math.hypot(dx, dy);
  const scale = distance > radius ? radius / distance : 1;
  const knobDx = withoutNegativeZero(dx * scale);
  const knobDy = withoutNegativeZero(dy * scale);
  const x = clamp(round3(knobDx / radius), -1, 1);
  // The screen's y grows down; the wire's grows up.
  const y = clamp(round3(-knobDy / radius), -1, 1);
  const speed = Math.round((Math.min(distance, radius) / radius) * 100);
  // A stick that reads as centred on the wire points nowhere, so the angle
  // cannot flicker while x and y stay 0.
  const angle = x === 0 && y === 0 ? 0 : wholeDegrees(Math.atan2(-dy, dx));
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
