import type { RejectReason } from '../../src/shared/protocol.js';

/** Why a frame was dropped: the protocol's reject reasons plus the relay's own rules. */
export type DropReason =
  | RejectReason
  /** Phones and installations speak JSON text only. */
  | 'binary'
  /** A controller sent a user id other than the one its first `connect` bound. */
  | 'wrong-id'
  /** An update, slider or delete before `connect`, or after the controller's own delete. */
  | 'not-connected'
  /**
   * A frame still in flight from a socket the relay already let go: its user id
   * moved to a newer socket, or the relay cut it off.
   */
  | 'replaced'
  /** An installation's `send` to a user id with no socket. */
  | 'no-such-user'
  /** A `subscribe` that was not the installation's first message. */
  | 'late-subscribe'
  /** A controller frame over the phone's rate (`--phone-rate`, `--phone-burst`). */
  | 'rate-limit'
  /** A second `connect` on one socket with no `delete` between: the user is already there. */
  | 'already-connected';

/** Counts dropped frames by reason, and reports the first of each kind. */
export function createDropCounter(warn: (line: string) => void) {
  const counts: Partial<Record<DropReason, number>> = {};
  return {
    drop(reason: DropReason, side: 'controller' | 'installation'): void {
      const count = (counts[reason] ?? 0) + 1;
      counts[reason] = count;
      if (count === 1) {
        const from = side === 'controller' ? 'a controller' : 'an installation';
        warn(
          `crowdstick: dropped a frame from ${from} (${reason}); further drops of this kind are only counted`,
        );
      }
    },
    /** A copy of the counts so far. */
    dropped: (): Partial<Record<DropReason, number>> => ({ ...counts }),
  };
}
