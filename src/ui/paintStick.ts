import type { StickLayout } from './stickLayout';

/**
 * Draws the base, its rim and the knob at its pixel offset from the centre.
 * The tint colours the knob and the base's rim, so a visitor can match their
 * stick to the object on the installation's screen.
 */
export function paintStick(
  ctx: CanvasRenderingContext2D,
  layout: StickLayout,
  knob: { dx: number; dy: number },
  tint: string,
): void {
  const { centreX, centreY, radius, knobRadius } = layout;
  if (radius <= 0) return;

  ctx.beginPath();
  ctx.arc(centreX, centreY, radius + knobRadius / 2, 0, Math.PI * 2);
  ctx.fillStyle = '#1b232b';
  ctx.fill();
  ctx.lineWidth = 4;
  ctx.strokeStyle = tint;
  ctx.stroke();

  ctx.beginPath();
  ctx.arc(centreX, centreY, radius, 0, Math.PI * 2);
  ctx.setLineDash([4, 8]);
  ctx.strokeStyle = '#2c3843';
  ctx.stroke();
  ctx.setLineDash([]);

  ctx.beginPath();
  ctx.arc(centreX + knob.dx, centreY + knob.dy, knobRadius, 0, Math.PI * 2);
  ctx.fillStyle = tint;
  ctx.fill();
  ctx.lineWidth = 3;
  ctx.strokeStyle = 'rgba(255, 255, 255, 0.35)';
  ctx.stroke();
}
