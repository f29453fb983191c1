import {
  MAX_SLIDERS,
  connectMessage,
  type ControllerMessage,
  type SliderMessage,
  type UpdateMessage,
  type UserId,
} from '../src/shared/protocol.js';

/** One live user's latest state, as the roster keeps it. */
export interface UserState {
  update: UpdateMessage | null;
  /**
   * Keyed by slider name, least recently moved first; null until the first
   * slider moves, since an empty Map per idle phone adds up in a big crowd.
   */
  sliders: Map<string, SliderMessage> | null;
}

/** The latest known state of every live user, replayed to an installation that joins late. */
export interface Roster {
  /** Folds one accepted controller message into the state. */
  apply(message: ControllerMessage): void;
  /** For every live user, in the order they connected: `connect`, latest `update`, latest of each slider. */
  replay(): ControllerMessage[];
  /** The live users' ids, in the order they connected. */
  ids(): UserId[];
  /** A live user's latest state (not to be changed by the caller), or undefined. */
  latest(id: UserId): Readonly<UserState> | undefined;
  /** How many users are live. */
  readonly size: number;
}

// A layout has at most MAX_SLIDERS sliders, but a reloaded tab keeps its id and may
// bring another layout; keeping only the most recently moved names bounds the memory.
const SLIDERS_KEPT_PER_USER = MAX_SLIDERS;

/** Creates an empty roster. */
export function createRoster(): Roster {
  const users = new Map<UserId, UserState>();

  const stateOf = (id: UserId): UserState => {
    let state = users.get(id);
    if (!state) {
      state = { update: null, sliders: null };
      users.set(id, state);
    }
    return state;
  };

  return {
    apply(message) {
      switch (message.type) {
        case 'connect':
          stateOf(message.sliderId);
          break;
        case 'update':
          stateOf(message.sliderId).update = message;
          break;
        case 'slider': {
          const state = stateOf(message.sliderId);
          const sliders = (state.sliders ??= new Map());
          sliders.delete(message.name);
          sliders.set(message.name, message);
          const oldest = sliders.keys().next();
          if (sliders.size > SLIDERS_KEPT_PER_USER && !oldest.done) sliders.delete(oldest.value);
          break;
        }
        case 'delete':
          users.delete(message.sliderId);
          break;
      }
    },

    replay() {
      const messages: ControllerMessage[] = [];
      for (const [id, state] of users) {
        messages.push(connectMessage(id));
        if (state.update) messages.push(state.update);
        if (state.sliders) messages.push(...state.sliders.values());
      }
      return messages;
    },

    ids: () => [...users.keys()],

    latest: (id) => users.get(id),

    get size() {
      return users.size;
    },
  };
}
