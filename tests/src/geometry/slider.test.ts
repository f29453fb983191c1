import { describe, expect, it } from 'vitest';
import {
  sliderValueFromKey,
  sliderValueFromPointer,
  type SliderOrientation,
} from '../../../src/geometry/slider';

describe('sliderValueFromPointer', () => {
  it.each<[string, number, number, SliderOrientation, number]>([
    ['the bottom of a vertical track', 200, 200, 'vertical', 0],
    ['the top of a vertical track', 0, 200, 'vertical', 1],
    ['the middle of a vertical track', 100, 200, 'vertical', 0.5],
    ['above a vertical track, clamped', -30, 200, 'vertical', 1],
    ['below a vertical track, clamped', 260, 200, 'vertical', 0],
    ['the left end of a horizontal track', 0, 300, 'horizontal', 0],
    ['the right end of a horizontal track', 300, 300, 'horizontal', 1],
    ['a third along, rounded to 3 decimals', 100, 300, 'horizontal', 0.333],
    ['a third down, rounded to 3 decimals', 100, 300, 'vertical', 0.667],
    ['left of a horizontal track, clamped', -5, 300, 'horizontal', 0],
    ['right of a horizontal track, clamped', 999, 300, 'horizontal', 1],
    ['-0 on a horizontal track', -0, 300, 'horizontal', 0],
    ['a track with no length', 10, 0, 'horizontal', 0],
    ['an offset that is not a number', Number.NaN, 300, 'vertical', 0],
  ])('reads %s', (_, offset, length, orientation, expected) => {
    const value = sliderValueFromPointer(offset, length, orientation);
    expect(value).toBe(expected);
    expect(Object.is(value, -0)).toBe(false);
  });
});

describe('sliderValueFromKey', () => {
  it.each<[string, number, number | null]>([
    ['ArrowUp', 0.5, 0.55],
    ['ArrowRight', 0.5, 0.55],
    ['ArrowDown', 0.5, 0.45],
    ['ArrowLeft', 0.5, 0.45],
    ['PageUp', 0.5, 0.75],
    ['PageDown', 0.5, 0.25],
    ['Home', 0.5, 0],
    ['End', 0.5, 1],
    ['ArrowUp', 0.98, 1],
    ['ArrowDown', 0.02, 0],
    ['PageUp', 0.9, 1],
    ['PageDown', 0.1, 0],
    ['ArrowUp', 0.1, 0.15],
    ['ArrowUp', 0.2, 0.25],
    ['Enter', 0.5, null],
    ['a', 0.5, null],
    ['toString', 0.5, null],
  ])('turns %s at %f into %s', (key, value, expected) => {
    const next = sliderValueFromKey(value, key);
    expect(next).toBe(expected);
    if (next !== null) expect(Object.is(next, -0)).toBe(false);
  });
});
