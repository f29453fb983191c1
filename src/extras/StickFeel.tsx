import { useEffect } from 'react';
import type { StickPort } from '../ui/stickPort';
import { HAPTIC_PULSE_MS, pulse } from './haptics';

/** Gives the joystick its haptics: a tick on grabbing it and a bump at the rim. Renders nothing. */
export function StickFeel({ port }: { port: StickPort }) {
  useEffect(() => port.plugFeel((moment) => pulse(HAPTIC_PULSE_MS[moment])), [port]);
  return null;
}
