import type { Push } from './keyboardStick.js';

/**
 * The tilt, in degrees from the calibrated pose, that puts the stick on its
 * rim: far enough that a hand holds it steady, near enough that the screen
 * stays readable. docs/PROTOCOL.md states it.
 */
export const FULL_TILT_DEGREES = 30;

/** A phone's orientation as `DeviceOrientationEvent` reports it, in degrees. */
export interface Pose {
  /** Front to back, -180 ..= 180: 0 lying flat, 90 upright facing the visitor. */
  beta: number;
  /** Left to right, -90 ..= 90: positive with the right edge down. */
  gamma: number;
}

/** The difference of two angles, brought into -180 ..= 180, so turning past ±180 is no jump. */
function angleBetween(from: number, to: number): number {
  const difference = (((to - from) % 360) + 540) % 360;
  return difference - 180;
}

/**
 * Where a pose puts the stick, as an offset in radii with y down as on
 * screen (the joystick's `Push`), relative to the calibrated pose `rest`:
 * the top edge tipped away from the visitor is up, the right edge down is
 * right, and `fullTilt` degrees either way is the rim (further is clamped
 * by the joystick's geometry). `screenAngle` is `screen.orientation.angle`:
 * turned to landscape, the phone's axes turn with it, so "up" stays up on
 * screen.
 */
export function pushOfPose(
  pose: Pose,
  rest: Pose,
  screenAngle = 0,
  fullTilt = FULL_TILT_DEGREES,
): Push {
  const usable = [pose.beta, pose.gamma, rest.beta, rest.gamma, screenAngle, fullTilt].every(
    Number.isFinite,
  );
  if (!usable || !(fullTilt > 0)) return { dx: 0, dy: 0 };
  // On the device's own axes: tipping the top away lowers beta, so it reads as up (dy < 0).
  const deviceDx = angleBetween(rest.gamma, pose.gamma) / fullTilt;
  const deviceDy = angleBetween(rest.beta, pose.beta) / fullTilt;
  // The screen turned by `screenAngle` clockwise from portrait; turn the push back by as much.
  const turns = ((Math.round(screenAngle / 90) % 4) + 4) % 4;
  const [dx, dy]: [number, number] =
    turns === 1
      ? [deviceDy, -deviceDx]
      : turns === 2
        ? [-deviceDx, -deviceDy]
        : turns === 3
          ? [-deviceDy, deviceDx]
          : [deviceDx, deviceDy];
  // `+ 0` turns a -0 into 0.
  return { dx: dx + 0, dy: dy + 0 };
}
