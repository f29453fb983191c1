import { clamp, round3 } from './round.js';

export type SliderOrientation = 'vertical' | 'horizontal';

/** What an arrow key moves a slider by. */
export const SLIDER_STEP = 0.05;
/** What Page Up and Page Down move a slider by. */
export const SLIDER_PAGE_STEP = 0.25;

const toValue = (raw: number) => round3(clamp(raw, 0, 1));

/**
 * The value under a pointer `offset` pixels from the track's top edge
 * (vertical) or left edge (horizontal), on a track `length` pixels long:
 * bottom or left is 0, top or right is 1; clamped and rounded to 3 decimals.
 * A track with no length, or an offset that is not a number, gives 0.
 */
export function sliderValueFromPointer(
  offset: number,
  length: number,
  orientation: SliderOrientation,
): number {
  if (!(length > 0) || !Number.isFinite(length) || Number.isNaN(offset)) return 0;
  const along = offset / length;
  return toValue(orientation === 'vertical' ? 1 - along : along);
}

// A Map, not an object literal, so keys such as "toString" find nothing.
const KEY_STEPS = new Map<string, number>([
  ['ArrowUp', SLIDER_STEP],
  ['ArrowRight', SLIDER_STEP],
  ['ArrowDown', -SLIDER_STEP],
  ['ArrowLeft', -SLIDER_STEP],
  ['PageUp', SLIDER_PAGE_STEP],
  ['PageDown', -SLIDER_PAGE_STEP],
]);

/**
 * The value after a key press on a slider holding `value` (the ARIA slider
 * keys: arrows, Page Up/Down, Home, End), or null for any other key.
 */
export function sliderValueFromKey(value: number, key: string): number | null {
  if (key === 'Home') return 0;
  if (key === 'End') return 1;
  const step = KEY_STEPS.get(key);
  if (step === undefined) return null;
  return toValue((Number.isFinite(value) ? value : 0) + step);
}
