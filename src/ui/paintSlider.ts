export const TRACK = '#26303a';
// Dark enough that the name stays readable over the filled part (WCAG AA, 4.5:1).
export const FILL = '#1b67a8';
export const THUMB = '#e8edf2';
export const LABEL = '#e8edf2';

/**
 * Draws a rounded track filled up to `value` (from the bottom, or from the
 * left), a thumb line, and the slider's name so a visitor knows which is which.
 */
export function paintSlider(
  ctx: CanvasRenderingContext2D,
  width: number,
  height: number,
  value: number,
  vertical: boolean,
  name: string,
): void {
  ctx.beginPath();
  ctx.roundRect(0, 0, width, height, Math.min(width, height) / 2);
  ctx.fillStyle = TRACK;
  ctx.fill();

  const filled = (vertical ? height : width) * value;
  ctx.save();
  ctx.clip();
  ctx.fillStyle = FILL;
  if (vertical) ctx.fillRect(0, height - filled, width, filled);
  else ctx.fillRect(0, 0, filled, height);
  ctx.fillStyle = THUMB;
  if (vertical) ctx.fillRect(0, height - filled - 1.5, width, 3);
  else ctx.fillRect(filled - 1.5, 0, 3, height);
  ctx.restore();

  ctx.save();
  ctx.fillStyle = LABEL;
  // A soft shadow keeps the name readable over the filled part too.
  ctx.shadowColor = 'rgba(0, 0, 0, 0.7)';
  ctx.shadowBlur = 3;
  ctx.font = '600 14px system-ui, sans-serif';
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'left';
  if (vertical) {
    // Upright along the track, reading bottom to top, as on a mixing desk.
    ctx.translate(width / 2, height - 16);
    ctx.rotate(-Math.PI / 2);
    ctx.fillText(name, 0, 0, height - 32);
  } else {
    ctx.fillText(name, 20, height / 2, width - 40);
  }
  ctx.restore();
}
