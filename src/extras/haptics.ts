/** Pulse lengths in ms: short enough to feel like a click, not a buzz. */
export const HAPTIC_PULSE_MS = Object.freeze({ grab: 10, rim: 25, press: 10 });

/**
 * A short vibration where the device has one, unless the visitor asked for
 * reduced motion (read at each pulse, so a change applies at once). Browsers
 * ignore it until the first tap has activated the page.
 */
export function pulse(ms: number): void {
  if (matchMedia('(prefers-reduced-motion: reduce)').matches) return;
  if (typeof navigator.vibrate !== 'function') return;
  try {
    navigator.vibrate(ms);
  } catch {
    // A refusal is no reason to break the drag.
  }
}
