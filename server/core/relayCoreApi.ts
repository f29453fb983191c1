/**
 * What the relay core (relayCore.ts) promises and asks for: its limits, its
 * counters, and the two faces it shows a cluster. Apart from the core so
 * that the core's file is only how it decides.
 */
import type { PhoneEvent, UserId } from '../../src/shared/protocol.js';
import type { DropReason } from './drops.js';
import type { PhoneDesk } from './output.js';
import type { RateLimits } from './rateLimit.js';
import type { SlotBook } from './slotBook.js';

/** What one phone may cost, and how many may play at once. */
export interface PhoneLimits extends RateLimits {
  /** The most phone sockets at once; the next is closed with 1013. */
  maxPhones: number;
  /** A phone with more than this unsent to it stopped reading: it is cut off. */
  phoneBufferBytes: number;
  /** A phone socket without a valid `connect` after this long is closed. */
  connectTimeoutMs: number;
  /** How long a kicked user id is turned back; 0 closes the phone only. */
  kickSeconds: number;
}

/** What the core counts of the phones (the installations' side counts its own). */
export interface PhoneStats {
  /** Live phone sockets (those turned away never count). */
  controllers: number;
  /** Frames read from controllers so far, dropped ones included. */
  messagesIn: number;
  /**
   * Phones the relay closed so far: turned away because it was full, flooded,
   * stopped reading (`slowPhone`), never said `connect` (`noConnect`).
   */
  cutOff: { full: number; flood: number; slowPhone: number; noConnect: number };
  /** Phones the operator kicked, and `connect`s turned back while their id was held. */
  kicks: { kicked: number; turnedBack: number };
}

/** What the core knows of one phone socket with a user id, for the monitors' report. */
export interface PhoneActivity<Handle> {
  handle: Handle;
  sliderId: UserId;
  /** The slot its user holds, or null while away. */
  slot: number | null;
  /** Frames read from it since the previous report. */
  frames: number;
  /** When the relay last read a frame from it, on the core's clock. */
  heardAt: number;
}

/**
 * The pure core, the phones' side: who may play (admission, identity, rate
 * limits, kicks), which slot each player holds, and the one stream of events
 * it publishes on the bus. Handles are opaque to it.
 */
/**
 * The phones on the other nodes of a cluster, as the core reaches them
 * (the cluster bus); a relay of one process has none.
 */
export interface RemotePhones {
  /** Passes `event` to user `to` on another node, or to every other node's phones; false when `to` is on none. */
  send(to: UserId | 'all', event: PhoneEvent): boolean;
  /** Kicks user `id` on the node that holds them; false when no node does. */
  kick(id: UserId): boolean;
}

/** What another node asks of this one's phones, through the cluster bus. */
export interface LocalPhones {
  /** Passes `event` to user `to`'s phone here, or to every phone here; false when `to` has none here. */
  send(to: UserId | 'all', event: PhoneEvent): boolean;
  /** Kicks user `id`'s phone here; false when it is not here. */
  kick(id: UserId): boolean;
  /** User `id` connected on another node: the socket here is closed (4000) and forgotten, with no delete. */
  handOver(id: UserId): void;
}

export interface RelayCore<Handle> extends PhoneDesk {
  /** A phone socket opened; false when the relay is full and closed it (1013) at once. */
  phoneOpened(phone: Handle): boolean;
  phoneMessage(phone: Handle, text: string, isBinary?: boolean): void;
  phoneClosed(phone: Handle): void;
  /** Live phone sockets. */
  readonly phoneCount: number;
  /** For a graceful stop: a delete for each present user, then nothing more. */
  stop(): void;
  stats(): PhoneStats;
  /** Every phone socket with a user id, by slot (away ones last); restarts each one's frame count. */
  takePhoneActivity(): PhoneActivity<Handle>[];
  /** This node's phones, for the other nodes of a cluster. */
  readonly here: LocalPhones;
}

export interface RelayCoreOptions {
  limits: PhoneLimits;
  /** Where the first of each kind of cut-off is reported. */
  warn: (line: string) => void;
  /** Counts a dropped frame (drops.ts, shared with the installations' side). */
  drop: (reason: DropReason, side: 'controller') => void;
  /** Calls `tick` every `intervalMs` until the returned function is called. */
  every: (intervalMs: number, tick: () => void) => () => void;
  /** Milliseconds on a monotonic clock. */
  now: () => number;
  /** Where slots come from; this process's own table when omitted. */
  slots?: SlotBook;
  /** The phones on the other nodes of a cluster; none when omitted. */
  remote?: RemotePhones;
}
