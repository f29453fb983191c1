import { useEffect, useRef, useState } from 'react';
import type { Push } from '../geometry/keyboardStick';
import { pushOfPose, type Pose } from '../geometry/tilt';
import { askForTilt, TILT_WORDS, tiltAtStart, type TiltState } from './tiltSupport';

/**
 * How long to wait for a first orientation with values before taking the
 * phone for one without the sensor (desktop browsers fire nothing, or nulls).
 */
export const NO_SENSOR_MS = 2000;

export interface TiltProps {
  /** Points the stick (in radii, y down); null puts it back at rest. */
  aim(push: Push | null): void;
  /**
   * While tilt drives the stick, a tap on it makes the pose held the centre
   * again: the joystick calls the function plugged in here instead of
   * starting a drag. The disposer unplugs it, and the touch stick is back.
   */
  plugRecentre(recentre: () => void): () => void;
}

const screenAngle = () => screen.orientation?.angle ?? 0;

/**
 * Drives the stick from the phone's orientation, calibrated to the pose held
 * when tilt starts. It asks where the browser needs asking (iOS, from the
 * visitor's tap on "Use tilt"; where orientation comes without asking, it
 * starts at once), and says in words why tilt is off when it is:
 * refused, an http page, or no sensor. The touch stick is the fallback in
 * each of those. A separate chunk: only a layout with tilt loads it.
 */
export function Tilt({ aim, plugRecentre }: TiltProps) {
  const [state, setState] = useState<TiltState>(tiltAtStart);
  const aimRef = useRef(aim);
  const plugRef = useRef(plugRecentre);
  /** The pose that showed orientation comes unasked: the centre, when tilt starts from it. */
  const firstPose = useRef<Pose | null>(null);
  useEffect(() => {
    aimRef.current = aim;
    plugRef.current = plugRecentre;
  });

  // Browsers that offer to ask may not need to (Chrome grants without a word):
  // orientation that arrives unasked means tilt is on, without a tap.
  useEffect(() => {
    if (state !== 'ask') return;
    const listening = new AbortController();
    const onOrientation = (event: DeviceOrientationEvent) => {
      if (event.beta === null || event.gamma === null) return;
      firstPose.current = { beta: event.beta, gamma: event.gamma };
      setState('on');
    };
    window.addEventListener('deviceorientation', onOrientation, { signal: listening.signal });
    return () => listening.abort();
  }, [state]);

  useEffect(() => {
    if (state !== 'on') return;
    let rest: Pose | null = firstPose.current;
    let heard = rest !== null;
    const onOrientation = (event: DeviceOrientationEvent) => {
      if (event.beta === null || event.gamma === null) return;
      heard = true;
      const pose = { beta: event.beta, gamma: event.gamma };
      rest ??= pose;
      aimRef.current(pushOfPose(pose, rest, screenAngle()));
    };
    const listening = new AbortController();
    window.addEventListener('deviceorientation', onOrientation, { signal: listening.signal });
    const unplug = plugRef.current(() => {
      // The next reading becomes the centre.
      rest = null;
    });
    const timer = setTimeout(() => {
      if (!heard) setState('unsupported');
    }, NO_SENSOR_MS);
    return () => {
      listening.abort();
      clearTimeout(timer);
      unplug();
      aimRef.current(null);
    };
  }, [state]);

  const words = TILT_WORDS[state];
  return (
    <div className="tilt-card" data-tilt={state} role={state === 'on' ? undefined : 'note'}>
      <p>{words}</p>
      {state === 'ask' && (
        <button
          type="button"
          className="tool tilt-ask"
          onClick={() => void askForTilt().then(setState)}
        >
          Use tilt
        </button>
      )}
    </div>
  );
}
