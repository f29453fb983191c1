/**
 * The layouts installations sent (PROTOCOL.md, Layouts), kept so that a phone
 * that reconnects, or joins later, gets the controls the installation set
 * rather than the start-up ones. The last layout wins, whether it was sent to
 * everyone or to that user's phone alone; only layouts a page can use are kept
 * (a bad one still goes to the phones, whose pages say why they cannot use it).
 */
import { checkLayout } from '../../src/shared/layout.js';
import type { UserId } from '../../src/shared/protocol.js';

/** A kept layout event, serialised as the phones get it, and its place in the order sent. */
export interface KeptLayout {
  text: string;
  version: number;
}

export interface LayoutMemory {
  /** An installation sent `data` as a layout to `to`; returns what is kept, or null for a bad one. */
  sent(to: UserId | 'all', text: string, data: unknown): KeptLayout | null;
  /** What a phone of `user` that has had layouts up to `seen` should get on its connect, if anything. */
  owed(user: UserId, seen: number): KeptLayout | null;
}

/** Layouts kept for single users; past this many, the oldest is forgotten. */
export const MAX_USER_LAYOUTS = 10_000;

export function createLayoutMemory(): LayoutMemory {
  let version = 0;
  let forAll: KeptLayout | null = null;
  const forUser = new Map<UserId, KeptLayout>();

  return {
    sent(to, text, data) {
      if (!checkLayout(data).ok) return null;
      version += 1;
      const kept = { text, version };
      if (to === 'all') {
        // One for everyone replaces what single phones had been sent.
        forAll = kept;
        forUser.clear();
      } else {
        forUser.delete(to);
        forUser.set(to, kept);
        const oldest = forUser.keys().next();
        if (forUser.size > MAX_USER_LAYOUTS && !oldest.done) forUser.delete(oldest.value);
      }
      return kept;
    },
    owed(user, seen) {
      const mine = forUser.get(user) ?? null;
      const newest = mine && (!forAll || mine.version > forAll.version) ? mine : forAll;
      return newest && newest.version > seen ? newest : null;
    },
  };
}
