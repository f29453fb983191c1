import type { ControllerMessage, UserId } from '../../src/shared/protocol.js';
import { fullBucket, type RateLimits, type TokenBucket } from './rateLimit.js';

/** The bucket's fields live here directly, one object per phone. */
export interface PhoneState extends TokenBucket {
  /** Bound by the first `connect` on this socket, for the socket's whole life. */
  userId: UserId | null;
  /** Connected and not yet deleted by its own `delete`. */
  active: boolean;
  /**
   * Closed for flooding. Its frames already on the way still arrive until the
   * close completes; as the bucket refills meanwhile, they could otherwise pass,
   * or count and close it as a flood a second time.
   */
  floodedOut: boolean;
  /** Frames read since the monitors' last report. */
  frames: number;
  /** When the last frame was read, for the monitors' "last seen". */
  heardAt: number;
  /** The newest kept layout this socket was sent (layoutMemory.ts), 0 for none. */
  layoutSeen: number;
  /** While its connect waits for a slot: the messages that came after it, to follow in order. */
  joining: ControllerMessage[] | null;
}

/** A phone socket just opened: a full bucket, no user yet. */
export function newPhoneState(at: number, limits: RateLimits): PhoneState {
  const bucket = fullBucket(at, limits);
  // Spelled out rather than spread: one fixed shape for every phone's record.
  return {
    userId: null,
    active: false,
    floodedOut: false,
    tokens: bucket.tokens,
    refilledAt: bucket.refilledAt,
    excess: bucket.excess,
    frames: 0,
    heardAt: at,
    layoutSeen: 0,
    joining: null,
  };
}
