import type { StickAxis } from '../shared/layout';
import type { StickLayout } from './stickLayout';

/** What the layout changes in how the stick looks. */
export interface StickLook {
  /** The deadzone, as a fraction of the radius: a faint inner ring shows it. */
  deadzone: number;
  /** An axis lock shows as the one slot the knob slides along. */
  axis: StickAxis;
  /** A floating stick waiting for a thumb is drawn faint: it will come to the thumb. */
  waiting: boolean;
}

const FREE_LOOK: StickLook = { deadzone: 0, axis: 'both', waiting: false };

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
  look: StickLook = FREE_LOOK,
): void {
  const { centreX, centreY, radius, knobRadius } = layout;
  if (radius <= 0) return;
  ctx.save();
  if (look.waiting) ctx.globalAlpha = 0.45;

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

  if (look.axis !== 'both') {
    ctx.beginPath();
    const along = look.axis === 'x';
    ctx.roundRect(
      along ? centreX - radius : centreX - 6,
      along ? centreY - 6 : centreY - radius,
      along ? radius * 2 : 12,
      along ? 12 : radius * 2,
      6,
    );
    ctx.fillStyle = '#2c3843';
    ctx.fill();
  }
  if (look.deadzone > 0) {
    ctx.beginPath();
    ctx.arc(centreX, centreY, radius * look.deadzone, 0, Math.PI * 2);
    ctx.lineWidth = 2;
    ctx.strokeStyle = '#3a4857';
    ctx.stroke();
  }

  ctx.beginPath();
  ctx.arc(centreX + knob.dx, centreY + knob.dy, knobRadius, 0, Math.PI * 2);
  ctx.fillStyle = tint;
  ctx.fill();
  ctx.lineWidth = 3;
  ctx.strokeStyle = 'rgba(255, 255, 255, 0.35)';
  ctx.stroke();
  ctx.restore();
}
