/** Where the stick sits inside its canvas, in CSS pixels. */
export interface StickLayout {
  centreX: number;
  centreY: number;
  /** How far the knob's centre may travel: the rim, the unit of x and y. */
  radius: number;
  knobRadius: number;
}

/**
 * The base fills two thirds of the shorter side and the knob is half the base,
 * so a knob on the rim still fits inside the canvas.
 */
export function stickLayout(width: number, height: number): StickLayout {
  const radius = Math.max(0, Math.min(width, height) / 3);
  return { centreX: width / 2, centreY: height / 2, radius, knobRadius: radius / 2 };
}
