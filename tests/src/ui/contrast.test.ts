import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FILL, LABEL, TRACK } from '../../../src/ui/paintSlider';

/** WCAG 2 relative luminance of a #rrggbb colour. */
function luminance(hex: string): number {
  const channels = [1, 3, 5].map((at) => parseInt(hex.slice(at, at + 2), 16) / 255);
  const [r, g, b] = channels.map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

/** WCAG 2 contrast ratio, 1 to 21. */
function contrast(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light! + 0.05) / (dark! + 0.05);
}

const css = readFileSync(new URL('../../../src/ui/styles.css', import.meta.url), 'utf8');
const variable = (name: string) => {
  const value = new RegExp(`--${name}:\\s*(#[0-9a-f]{6})`, 'i').exec(css)?.[1];
  if (!value) throw new Error(`styles.css has no --${name}`);
  return value;
};

describe('the colours', () => {
  it.each([
    ['text on the page', variable('fg'), variable('bg')],
    ['muted text on the page', variable('muted'), variable('bg')],
    ['links and the accent on the page', variable('accent'), variable('bg')],
    ["a slider's name on its empty track", LABEL, TRACK],
    ["a slider's name on its filled part", LABEL, FILL],
  ])('keep %s readable (WCAG AA, 4.5:1)', (_what, text, background) => {
    expect(contrast(text, background)).toBeGreaterThanOrEqual(4.5);
  });

  it('keep the focus ring visible against the page (3:1)', () => {
    expect(contrast(variable('focus'), variable('bg'))).toBeGreaterThanOrEqual(3);
  });
});
