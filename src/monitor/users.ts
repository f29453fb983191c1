import type { FrameMessage, InstallationEvent, UserId } from '../shared/protocol';
import {
  foldControl,
  frameUserMessages,
  noControls,
  STICK_RESTING,
  type ControlState,
} from '../shared/userState';

/** What the monitor knows of one live user. */
export interface MonitoredUser {
  id: UserId;
  /** The player number the relay gave them: what the visitor's phone shows ("player 3"). */
  slot: number;
  x: number;
  y: number;
  speed: number;
  angle: number;
  /** Slider values by name, in name order. */
  sliders: Map<string, number>;
  /** Each button pressed so far, true while held, in name order. */
  buttons: Map<string, boolean>;
}

/** The live users, kept from the relay's stream the way any installation keeps them. */
export interface UserTable {
  /** Folds one message in; anything that is not a user message is ignored. */
  apply(message: unknown): void;
  /** Forgets everyone: the socket reconnected, and the roster replay is about to rebuild the table. */
  clear(): void;
  /** The live users, by slot. */
  list(): MonitoredUser[];
  get(id: UserId): MonitoredUser | undefined;
}

type Incoming = InstallationEvent | FrameMessage;

const isIncoming = (value: unknown): value is Incoming =>
  typeof value === 'object' && value !== null && typeof (value as Incoming).type === 'string';

/** A live user in the relay's own model of a user's state (userState.ts). */
interface KeptUser extends ControlState {
  id: UserId;
  slot: number;
}

/** What the table shows of a user: the stick's values, and each control by name, so rows do not reshuffle. */
function monitored({ id, slot, update, sliders, buttons }: KeptUser): MonitoredUser {
  const { x, y, speed, angle } = update ?? STICK_RESTING;
  const byName = <M extends { name: string }, V>(
    controls: Map<string, M> | null,
    value: (m: M) => V,
  ) =>
    new Map(
      [...(controls?.values() ?? [])]
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
        .map((message) => [message.name, value(message)]),
    );
  return {
    id,
    slot,
    x,
    y,
    speed,
    angle,
    sliders: byName(sliders, (slider) => slider.value),
    buttons: byName(buttons, (button) => button.pressed),
  };
}

/** Creates an empty table. The relay has checked every field, so the monitor trusts them. */
export function createUserTable(): UserTable {
  const users = new Map<UserId, KeptUser>();

  // Every message carries the slot; a user's holds from their connect to their delete.
  const userOf = (id: UserId, slot: number): KeptUser => {
    let user = users.get(id);
    if (!user) {
      user = { id, slot, ...noControls() };
      users.set(id, user);
    }
    return user;
  };

  return {
    apply(message) {
      if (!isIncoming(message)) return;
      switch (message.type) {
        case 'connect':
          userOf(message.sliderId, message.slot).slot = message.slot;
          return;
        case 'update':
        case 'slider':
        case 'button':
          foldControl(userOf(message.sliderId, message.slot), message);
          return;
        case 'delete':
          users.delete(message.sliderId);
          return;
        case 'frame':
          for (const user of message.users) {
            const kept = userOf(user.sliderId, user.slot);
            for (const control of frameUserMessages(user)) foldControl(kept, control);
          }
          return;
      }
    },
    clear: () => users.clear(),
    list: () => [...users.values()].sort((a, b) => a.slot - b.slot).map(monitored),
    get: (id) => {
      const user = users.get(id);
      return user && monitored(user);
    },
  };
}
