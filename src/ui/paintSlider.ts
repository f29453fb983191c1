export const TRACK = '#26303a';
// Dark enough that the name stays readable over the filled part (WCAG AA, 4.5:1).
export const FILL = '#1b67a8';
export const THUMB = '#e8edf2';
export const LABEL = '#e8edf2';

/** How far the thumb stays from the track's ends, so it shows even at 0 and at 1. */
const THUMB_INSET = 10;

/** The value as the slider shows it and `aria-valuetext` says it: a whole percentage. */
export const sliderValueText = (value: number): string => `${Math.round(value * 100)}%`;

/**
 * Draws a rounded track filled up to `value` (from the bottom, or from the
 * left), a thumb that stays visible at either end, the slider's name so a
 * visitor knows which is which, and its value, so an untouched slider still
 * says where it stands.
 */
export function paintSlider(
  ctx: CanvasRenderingContext2D,
  width: number,
  height: number,
  value: number,
  vertical: boolean,
  name: string,
): void {
  const length = vertical ? height : width;
  const across = vertical ? width : height;
  ctx.beginPath();
  ctx.roundRect(0, 0, width, height, across / 2);
  ctx.fillStyle = TRACK;
  ctx.fill();

  const filled = length * value;
  const thumbAt = Math.min(Math.max(filled, THUMB_INSET), length - THUMB_INSET);
  ctx.save();
  ctx.clip();
  ctx.fillStyle = FILL;
  if (vertical) ctx.fillRect(0, height - filled, width, filled);
  else ctx.fillRect(0, 0, filled, height);
  ctx.fillStyle = THUMB;
  ctx.beginPath();
  if (vertical) ctx.roundRect(8, height - thumbAt - 2, width - 16, 4, 2);
  else ctx.roundRect(thumbAt - 2, 8, 4, height - 16, 2);
  ctx.fill();
  ctx.restore();

  ctx.save();
  ctx.fillStyle = LABEL;
  // A soft shadow keeps the words readable over the filled part too.
  ctx.shadowColor = 'rgba(0, 0, 0, 0.7)';
  ctx.shadowBlur = 3;
  ctx.font = '600 14px system-ui, sans-serif';
  ctx.textBaseline = 'middle';
  const shown = sliderValueText(value);
  if (vertical) {
    ctx.textAlign = 'center';
    ctx.fillText(shown, width / 2, 20, width - 8);
    // Upright along the track, reading bottom to top, as on a mixing desk.
    ctx.translate(width / 2, height - 16);
    ctx.rotate(-Math.PI / 2);
    ctx.textAlign = 'left';
    ctx.fillText(name, 0, 0, height - 72);
  } else {
    const valueWidth = ctx.measureText('100%').width;
    ctx.textAlign = 'right';
    ctx.fillText(shown, width - 20, height / 2);
    ctx.textAlign = 'left';
    ctx.fillText(name, 20, height / 2, Math.max(0, width - 52 - valueWidth));
  }
  ctx.restore();
}
