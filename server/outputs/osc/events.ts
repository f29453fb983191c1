import type { InstallationEvent, StickValues } from '../../../src/shared/protocol.js';

/** A button went down or came up (PROTOCOL.md); the relay takes buttons with the layouts. */
export interface ButtonEvent {
  type: 'button';
  sliderId: number;
  slot: number;
  name: string;
  pressed: boolean;
}

/**
 * A phone event as the OSC output takes it: what the relay tells
 * installations about a user, with the user's slot (PROTOCOL.md, "Slots"),
 * and buttons already.
 */
export type SlottedEvent = InstallationEvent | ButtonEvent;

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
