/**
 * Where the page stands with the phone's orientation:
 * - `ask`: iOS, which asks the visitor, and only from a tap;
 * - `on`: listening (the sensor may yet turn out to be missing);
 * - `refused`: the visitor said no;
 * - `insecure`: browsers give orientation to secure pages only (https, or localhost);
 * - `unsupported`: no orientation events at all, or none with values in time.
 */
export type TiltState = 'ask' | 'on' | 'refused' | 'insecure' | 'unsupported';

/** iOS 13 and later: `DeviceOrientationEvent.requestPermission`, which TypeScript's DOM types lack. */
interface AskingOrientationEvent {
  requestPermission?: () => Promise<'granted' | 'denied'>;
}

const asking = (): AskingOrientationEvent | null =>
  typeof DeviceOrientationEvent === 'undefined'
    ? null
    : (DeviceOrientationEvent as unknown as AskingOrientationEvent);

/** What the page can do about tilt before anything is asked. */
export function tiltAtStart(): TiltState {
  if (!window.isSecureContext) return 'insecure';
  const events = asking();
  if (events === null) return 'unsupported';
  return typeof events.requestPermission === 'function' ? 'ask' : 'on';
}

/**
 * Asks for the orientation (iOS): must run inside the visitor's tap, or
 * Safari refuses without asking. A failure to ask counts as a refusal.
 */
export async function askForTilt(): Promise<TiltState> {
  try {
    const answer = await asking()?.requestPermission?.();
    return answer === 'granted' ? 'on' : 'refused';
  } catch {
    return 'refused';
  }
}

/** What the card over the stick says in each state, in plain words; null for none. */
export const TILT_WORDS: Record<TiltState, string | null> = {
  ask: 'Steer by tilting your phone, or drag the stick.',
  on: 'Tilt your phone to steer. Tap the stick to make this pose the centre.',
  refused:
    'Tilt was not allowed, so drag the stick instead. To use tilt, allow motion and orientation access for this site and reload.',
  insecure:
    'Tilt needs a secure page (an https:// address), and this one is not, so drag the stick instead.',
  unsupported:
    'This browser does not tell the page how the phone is tilted, so drag the stick instead.',
};
