import {
  FLOOD_CLOSE_CODE,
  FULL_CLOSE_CODE,
  GOING_AWAY_CLOSE_CODE,
  KICKED_CLOSE_CODE,
  kickSecondsOf,
} from '../shared/protocol';
import type { RetryPace } from './backoff';
import type { Refusal } from './types';

/** What a socket's end means for the next attempt and for what the page says. */
export interface CloseVerdict {
  /**
   * The pace of the retries from here, or null to keep the current one: an
   * unreachable relay says nothing new (the browser's 1006), so a restart's
   * `soon` pace lasts through the refused attempts until the relay is back.
   * `patient` means the relay refused the phone: the brief open before the
   * close was no success, so the retries keep counting up.
   */
  pace: RetryPace | null;
  /** Why the relay turned the phone away; null when it did not say. */
  refusal: Refusal | null;
}

/**
 * Reads a close code (and reason) from the relay, `nowMs` being the moment it
 * arrived (a kick's wait counts from there). Pure, so every code's behaviour
 * is tested without sockets.
 */
export function readClose(code: number | undefined, reason = '', nowMs = 0): CloseVerdict {
  switch (code) {
    case FULL_CLOSE_CODE:
      return { pace: 'patient', refusal: { kind: 'full' } };
    // A policy violation: the relay says flooding, or no `connect` in time.
    case FLOOD_CLOSE_CODE:
      // At most 123 bytes (a close frame's limit); React shows it as text.
      return { pace: 'patient', refusal: { kind: 'policy', reason: reason.trim() } };
    case KICKED_CLOSE_CODE: {
      // A reason without its seconds still means "not now": the patient pace then decides.
      const seconds = kickSecondsOf(reason) ?? 0;
      return { pace: 'patient', refusal: { kind: 'kicked', untilMs: nowMs + seconds * 1000 } };
    }
    case GOING_AWAY_CLOSE_CODE:
      return { pace: 'soon', refusal: null };
    // Anything else (a normal close, a dropped line, 4000 for "replaced")
    // says nothing about the relay's state: the pace stays, and a lasting
    // open has set it back to normal already.
    default:
      return { pace: null, refusal: null };
  }
}

/** The status a refusal shows as: `full` for a full installation, `refused` for the rest. */
export const statusOfRefusal = (refusal: Refusal): 'full' | 'refused' =>
  refusal.kind === 'full' ? 'full' : 'refused';
