import type { FrameMessage, InstallationEvent, UserId } from '../shared/protocol';

/** What the monitor knows of one live user. */
export interface MonitoredUser {
  id: UserId;
  /** The player number the relay gave them: what the visitor's phone shows ("player 3"). */
  slot: number;
  x: number;
  y: number;
  speed: number;
  angle: number;
  /** Slider values by name, in the order they were first seen. */
  sliders: Map<string, number>;
  /** Each button pressed so far, true while held, in the order first seen. */
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

/** Creates an empty table. The relay has checked every field, so the monitor trusts them. */
export function createUserTable(): UserTable {
  const users = new Map<UserId, MonitoredUser>();

  // Every message carries the slot; a user's holds from their connect to their delete.
  const userOf = (id: UserId, slot: number): MonitoredUser => {
    let user = users.get(id);
    if (!user) {
      user = { id, slot, x: 0, y: 0, speed: 0, angle: 0, sliders: new Map(), buttons: new Map() };
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
          Object.assign(userOf(message.sliderId, message.slot), {
            x: message.x,
            y: message.y,
            speed: message.speed,
            angle: message.angle,
          });
          return;
        case 'slider':
          userOf(message.sliderId, message.slot).sliders.set(message.name, message.value);
          return;
        case 'button':
          userOf(message.sliderId, message.slot).buttons.set(message.name, message.pressed);
          return;
        case 'delete':
          users.delete(message.sliderId);
          return;
        case 'frame':
          for (const { sliderId, slot, sliders, buttons, ...stick } of message.users) {
            const user = Object.assign(userOf(sliderId, slot), stick);
            for (const [name, value] of Object.entries(sliders)) user.sliders.set(name, value);
            // A relay from before buttons sends frames without them.
            for (const [name, held] of Object.entries(buttons ?? {})) user.buttons.set(name, held);
          }
          return;
      }
    },
    clear: () => users.clear(),
    list: () => [...users.values()].sort((a, b) => a.slot - b.slot),
    get: (id) => users.get(id),
  };
}
