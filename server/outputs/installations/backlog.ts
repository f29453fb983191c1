import type { SliderMessage, UpdateMessage, UserId } from '../../../src/shared/protocol.js';
import {
  controlMessages,
  foldControl,
  noControls,
  type ControlState,
} from '../../../src/shared/userState.js';

/**
 * What a slow installation is still owed, in order: every connect and delete
 * as sent, and between them, per user, only that user's latest state. An
 * installation that reads slowly thus catches up on the present instead of
 * the past, loses no join or leave, and never gets a user's older value
 * after a newer one.
 */
export interface Backlog {
  /** Entries waiting: events, plus one state entry per user with news. */
  readonly size: number;
  /** A connect or delete, already serialised: kept as it is, in its place. */
  event(id: UserId, text: string): void;
  /** An update or slider: folded into the user's pending state. */
  state(message: UpdateMessage | SliderMessage): void;
  /**
   * Passes entries to `send` in order while `canSend()` holds; true once
   * everything went out.
   */
  drain(send: (text: string) => void, canSend: () => boolean): boolean;
}

/**
 * A user's news since their last event in the backlog, in the user state's
 * model (userState.ts): the latest stick and each slider moved. Buttons never
 * land here: each press is an event, kept in its place.
 */
interface PendingState extends ControlState<UpdateMessage, SliderMessage> {
  id: UserId;
}

type Entry = string | PendingState;

/** Creates an empty backlog. */
export function createBacklog(): Backlog {
  let entries: Entry[] = [];
  /** The next entry to send; the array is replaced once all of it is sent. */
  let head = 0;
  /** Each user's state entry that later news may still be folded into. */
  const open = new Map<UserId, PendingState>();

  function sendState(pending: PendingState, send: (text: string) => void): void {
    if (open.get(pending.id) === pending) open.delete(pending.id);
    for (const message of controlMessages(pending)) send(JSON.stringify(message));
  }

  return {
    get size() {
      return entries.length - head;
    },
    event(id, text) {
      // News after this event must follow it, so it starts a new state entry.
      open.delete(id);
      entries.push(text);
    },
    state(message) {
      let pending = open.get(message.sliderId);
      if (!pending) {
        pending = { id: message.sliderId, ...noControls() };
        open.set(message.sliderId, pending);
        entries.push(pending);
      }
      foldControl(pending, message);
    },
    drain(send, canSend) {
      while (head < entries.length && canSend()) {
        const entry = entries[head];
        head += 1;
        if (typeof entry === 'string') send(entry);
        else if (entry) sendState(entry, send);
      }
      if (head < entries.length) {
        // Let go of what was sent, so a backlog that never quite empties stays small.
        if (head > entries.length / 2) {
          entries = entries.slice(head);
          head = 0;
        }
        return false;
      }
      entries = [];
      head = 0;
      return true;
    },
  };
}
