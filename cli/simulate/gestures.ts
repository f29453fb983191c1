/**
 * What a simulated thumb does with the stick while it plays: circles (a
 * steering game's laps) and wanders (aiming, looking around). A gesture is
 * the thumb's offset from the stick's centre over time, read into wire values
 * by the page's own geometry, so the relay gets exactly what a page would send.
 */
import type { StickValues } from '../../src/shared/protocol.js';
import { stickFromOffset } from '../../src/geometry/joystick.js';
import { between, chance, type Random } from './random.js';

/** The stick's radius the offsets are measured in; any size reads the same. */
const RADIUS = 100;

export type Gesture = (elapsedMs: number) => StickValues;

/** Round and round at a steady reach, one way or the other, 0.3 to 1.2 turns a second. */
export function circling(random: Random): Gesture {
  const reach = between(random, 0.4, 1.1) * RADIUS;
  const turnsPerSecond = between(random, 0.3, 1.2) * (chance(random, 0.5) ? 1 : -1);
  const start = between(random, 0, 2 * Math.PI);
  return (elapsedMs) => {
    const angle = start + 2 * Math.PI * turnsPerSecond * (elapsedMs / 1000);
    return wire(reach * Math.cos(angle), reach * Math.sin(angle));
  };
}

/**
 * A slow drift between points the thumb heads for in turn, eased so it slows
 * down as it arrives, as a hand does; some points lie past the rim (speed 100).
 */
export function wandering(random: Random): Gesture {
  const legMs = between(random, 400, 1500);
  const points: [number, number][] = [[0, 0]];
  const pointAt = (index: number): [number, number] => {
    while (points.length <= index) {
      const reach = between(random, 0.2, 1.3) * RADIUS;
      const angle = between(random, 0, 2 * Math.PI);
      points.push([reach * Math.cos(angle), reach * Math.sin(angle)]);
    }
    return points[index]!;
  };
  return (elapsedMs) => {
    const leg = Math.floor(elapsedMs / legMs);
    const [fromX, fromY] = pointAt(leg);
    const [toX, toY] = pointAt(leg + 1);
    const t = (elapsedMs - leg * legMs) / legMs;
    const eased = t * t * (3 - 2 * t);
    return wire(fromX + (toX - fromX) * eased, fromY + (toY - fromY) * eased);
  };
}

/** One of the gestures, at random. */
export const anyGesture = (random: Random): Gesture =>
  chance(random, 0.5) ? circling(random) : wandering(random);

function wire(dx: number, dyUp: number): StickValues {
  // The geometry takes screen offsets, whose y grows down.
  const { x, y, speed, angle } = stickFromOffset(dx, -dyUp, RADIUS);
  return { x, y, speed, angle };
}
