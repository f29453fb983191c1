/**
 * A visitor's evening as a sequence of spells: they play for a while, rest a
 * moment, wander off long enough for the page to let them go (idle), or put
 * the phone away and come back later. Pure, so tests can read a plan.
 */
import { between, chance, type Random } from './random.js';

export type Spell =
  /** Thumb on the stick, now and then a slider: messages at the page's rate. */
  | { kind: 'play'; ms: number }
  /** Thumb lifted, shorter than the idle time: still present, nothing sent. */
  | { kind: 'rest'; ms: number }
  /** Longer than the idle time: the page sends `delete` when it runs out, `connect` on return. */
  | { kind: 'idle'; ms: number }
  /** The page is closed (`delete`, socket closed) and opened again after `ms`. */
  | { kind: 'away'; ms: number };

/** The next spell after `previous`: play is followed by a pause of some kind, pauses by play. */
export function nextSpell(random: Random, previous: Spell['kind'] | null, idleMs: number): Spell {
  if (previous !== 'play') return { kind: 'play', ms: between(random, 2000, 12000) };
  const roll = random();
  if (roll < 0.6) return { kind: 'rest', ms: between(random, 300, Math.min(3000, idleMs * 0.8)) };
  if (roll < 0.85) return { kind: 'idle', ms: idleMs + between(random, 1000, 8000) };
  return { kind: 'away', ms: between(random, 3000, 15000) };
}

/** When a visitor first shows up, spread over `arrivalMs` so a crowd trickles in as one does. */
export const arrivalDelay = (random: Random, arrivalMs: number): number =>
  between(random, 0, arrivalMs);

/** Whether a playing visitor presses a button in this tick: about once every three seconds. */
export const pressesButton = (random: Random, tickMs: number): boolean =>
  chance(random, tickMs / 3000);

/** How long a press is held: a tap, or a hold of up to a second. */
export const pressMs = (random: Random): number => between(random, 80, 1000);

/** Whether a playing visitor nudges a slider in this tick: about once every few seconds. */
export const nudgesSlider = (random: Random, tickMs: number): boolean =>
  chance(random, tickMs / 4000);
