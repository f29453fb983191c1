import type { StickValues } from '../../src/shared/protocol.js';

/**
 * A phone event as the OSC output takes it: what the relay tells
 * installations about a user, with the user's slot (PROTOCOL.md, "Slots").
 * Its own type rather than the JSON messages', so the output knows nothing of
 * how the core parses or routes them; buttons are here already.
 */
export type SlottedEvent =
  | { type: 'connect'; sliderId: number; slot: number }
  | {
      type: 'update';
      sliderId: number;
      slot: number;
      x: number;
      y: number;
      speed: number;
      angle: number;
    }
  | { type: 'slider'; sliderId: number; slot: number; name: string; value: number }
  | { type: 'button'; sliderId: number; slot: number; name: string; pressed: boolean }
  | { type: 'delete'; sliderId: number; slot: number; reason?: 'disconnect' };

/**
 * One present user's latest state, for the once-a-second refresh that lets a
 * receiver which started late (UDP has no connection to tell it) catch up.
 */
export interface PresentUser {
  sliderId: number;
  slot: number;
  /** The latest stick values; null before the first update. */
  stick: StickValues | null;
  /** Each slider's latest value, by name. */
  sliders: ReadonlyMap<string, number>;
  /** Each button's latest state, by name. */
  buttons: ReadonlyMap<string, boolean>;
}
