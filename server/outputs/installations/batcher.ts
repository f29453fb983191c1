import type { FrameMessage, FrameUser, UserId } from '../../../src/shared/protocol.js';
import { frameUser } from '../../../src/shared/userState.js';
import type { Roster } from '../../core/roster.js';

/**
 * Remembers, for one batched installation, which users changed since its last
 * frame. Connects and deletes are never batched (the router sends them at
 * once, in order), so only ids need remembering: the state itself is read from
 * the roster when the frame is made, and is then always the latest.
 */
export interface Batcher {
  /** An update or slider of this user was accepted. */
  changed(id: UserId): void;
  /** Every live user counts as changed: the next frame carries the whole roster. */
  changedAll(): void;
  /** The user left; a frame after their delete must not bring them back. */
  forget(id: UserId): void;
  /**
   * The frame of every changed user who is still live, in the order they first
   * changed, each with their whole latest state; `users` is empty when nobody
   * changed. The next frame collects changes from here on.
   */
  takeFrame(): FrameMessage;
}

/** Creates the batcher of one installation, reading the users' state from `roster`. */
export function createBatcher(roster: Roster): Batcher {
  // A Set keeps first-insertion order, so a frame lists users in the order they changed.
  let dirty = new Set<UserId>();

  return {
    changed(id) {
      dirty.add(id);
    },
    changedAll() {
      for (const id of roster.ids()) dirty.add(id);
    },
    forget(id) {
      dirty.delete(id);
    },
    takeFrame() {
      const users: FrameUser[] = [];
      for (const id of dirty) {
        const state = roster.latest(id);
        if (state) users.push(frameUser(id, state));
      }
      dirty = new Set();
      return { type: 'frame', users };
    },
  };
}

/** The batched frames' real timer; unref'd so that it never keeps the process alive. */
export function everyInterval(intervalMs: number, tick: () => void): () => void {
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
