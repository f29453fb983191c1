import {
  MAX_SLIDERS,
  type ButtonMessage,
  type InstallationEvent,
  type SliderMessage,
  type Slotted,
  type UpdateMessage,
  type UserId,
} from '../../src/shared/protocol.js';

/** One live user's latest state, as the roster keeps it. */
export interface UserState {
  /** The user's slot, given with their connect. */
  slot: number;
  /** Their connect as installations got it, for the replay. */
  connect: InstallationEvent & { type: 'connect' };
  update: Slotted<UpdateMessage> | null;
  /**
   * Keyed by slider name, least recently moved first; null until the first
   * slider moves, since an empty Map per idle phone adds up in a big crowd.
   */
  sliders: Map<string, Slotted<SliderMessage>> | null;
  /** Each button's latest press or release, by name, as for sliders; null until the first. */
  buttons: Map<string, Slotted<ButtonMessage>> | null;
}

/** The latest known state of every live user, replayed to an installation that joins late. */
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

// A layout has at most MAX_SLIDERS sliders and as many buttons, but a reloaded tab keeps
// its id and may bring another layout; keeping only the most recently used names bounds
// the memory.
const CONTROLS_KEPT_PER_USER = MAX_SLIDERS;

/** Keeps `message` as its control's latest, the most recently used last, the oldest beyond the bound dropped. */
function keepLatest<M extends { name: string }>(controls: Map<string, M>, message: M): void {
  controls.delete(message.name);
  controls.set(message.name, message);
  const oldest = controls.keys().next();
  if (controls.size > CONTROLS_KEPT_PER_USER && !oldest.done) controls.delete(oldest.value);
}

/** Creates an empty roster. */
export function createRoster(): Roster {
  const users = new Map<UserId, UserState>();

  return {
    apply(message) {
      switch (message.type) {
        case 'connect': {
          // A user's connect on a newer socket (a reload) keeps what they had.
          const state = users.get(message.sliderId);
          if (state) state.connect = message;
          else {
            users.set(message.sliderId, {
              slot: message.slot,
              connect: message,
              update: null,
              sliders: null,
              buttons: null,
            });
          }
          break;
        }
        case 'update': {
          const state = users.get(message.sliderId);
          if (state) state.update = message;
          break;
        }
        case 'slider': {
          const state = users.get(message.sliderId);
          if (state) keepLatest((state.sliders ??= new Map()), message);
          break;
        }
        case 'button': {
          const state = users.get(message.sliderId);
          if (state) keepLatest((state.buttons ??= new Map()), message);
          break;
        }
        case 'delete':
          users.delete(message.sliderId);
          break;
      }
    },

    replay() {
      const messages: InstallationEvent[] = [];
      for (const state of users.values()) {
        messages.push(state.connect);
        if (state.update) messages.push(state.update);
        if (state.sliders) messages.push(...state.sliders.values());
        if (state.buttons) messages.push(...state.buttons.values());
      }
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
