import type { Push } from '../geometry/keyboardStick';

/** What the haptics (extras/haptics.ts) give a pulse for. */
export type Moment = 'grab' | 'rim' | 'press';

/**
 * Where the joystick and the lazily loaded extras meet. The joystick must not
 * wait for the extras, so each side plugs in its half when it mounts, and the
 * disposer it gets back unplugs it; until then the other side's calls do nothing.
 */
export interface StickPort {
  /** Holds the stick as a drag would (`Push`, in radii), or releases it on null. */
  drive(push: Push | null): void;
  /** The stick was just grabbed, or its knob just reached the rim, or a button went down. */
  feel(moment: Moment): void;
  /** The joystick plugs in what `drive` does. */
  plugDrive(drive: (push: Push | null) => void): () => void;
  /** The extras plug in what `feel` does. */
  plugFeel(feel: (moment: Moment) => void): () => void;
}

export function createStickPort(): StickPort {
  const nothing = () => {};
  let drive: StickPort['drive'] = nothing;
  let feel: StickPort['feel'] = nothing;
  return {
    drive: (push) => drive(push),
    feel: (moment) => feel(moment),
    plugDrive(next) {
      drive = next;
      return () => {
        if (drive === next) drive = nothing;
      };
    },
    plugFeel(next) {
      feel = next;
      return () => {
        if (feel === next) feel = nothing;
      };
    },
  };
}
