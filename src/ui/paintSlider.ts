const TRACK = '#26303a';
const FILL = '#3fb7ff';
const THUMB = '#e8edf2';

/** Draws a rounded track filled up to `value` (from the bottom, or from the left) and a thumb line. */
export function paintSlider(
  ctx: CanvasRenderingContext2D,
  width: number,
  height: number,
  value: number,
  vertical: boolean,
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
}
