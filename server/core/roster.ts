import type { InstallationEvent, UserId } from '../../src/shared/protocol.js';
import {
  controlMessages,
  foldControl,
  noControls,
  type UserState,
} from '../../src/shared/userState.js';

export type { UserState } from '../../src/shared/userState.js';

/**
 * The latest known state of every present user, folded from the bus's events:
 * replayed to an installation that joins late, read by batched frames, the
 * OSC refresh and the crowd.
 */
export interface Roster {
  /** Folds one accepted message, with its slot, into the state. */
  apply(message: InstallationEvent): void;
  /** For every live user, in the order they connected: `connect`, latest `update`, latest of each slider and button. */
  replay(): InstallationEvent[];
  /** Every live user's `connect`, in the order they connected. */
  connects(): InstallationEvent[];
  /** Every live user's state, in the order they connected (not to be changed by the caller). */
  states(): Iterable<Readonly<UserState>>;
  /** The live users' ids, in the order they connected. */
  ids(): UserId[];
  /** A live user's latest state (not to be changed by the caller), or undefined. */
  latest(id: UserId): Readonly<UserState> | undefined;
  /** How many users are live. */
  readonly size: number;
}

/** Creates an empty roster. */
export function createRoster(): Roster {
  const users = new Map<UserId, UserState>();

  return {
    apply(message) {
      if (message.type === 'delete') {
        users.delete(message.sliderId);
        return;
      }
      const state = users.get(message.sliderId);
      if (message.type !== 'connect') {
        if (state) foldControl(state, message);
        return;
      }
      // A user's connect on a newer socket (a reload) keeps what they had.
      if (state) state.connect = message;
      else users.set(message.sliderId, { slot: message.slot, connect: message, ...noControls() });
    },

    replay() {
      const messages: InstallationEvent[] = [];
      for (const state of users.values()) messages.push(state.connect, ...controlMessages(state));
      return messages;
    },

    connects: () => Array.from(users.values(), (state) => state.connect),

    states: () => users.values(),

    ids: () => [...users.keys()],

    latest: (id) => users.get(id),

    get size() {
      return users.size;
    },
  };
}
