import {
  STICK_AT_REST,
  type FrameMessage,
  type FrameUser,
  type UserId,
} from '../../../src/shared/protocol.js';
import type { Roster, UserState } from '../../core/roster.js';

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

/** A user's latest state in the shape a frame carries it. */
export function frameUser(id: UserId, state: Readonly<UserState>): FrameUser {
  const { x, y, speed, angle } = state.update ?? STICK_AT_REST;
  const sliders: Record<string, number> = {};
  for (const [name, message] of state.sliders ?? []) sliders[name] = message.value;
  const buttons: Record<string, boolean> = {};
  for (const [name, message] of state.buttons ?? []) buttons[name] = message.pressed;
  return { sliderId: id, slot: state.slot, x, y, speed, angle, sliders, buttons };
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
