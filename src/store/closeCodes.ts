import { FLOOD_CLOSE_CODE, FULL_CLOSE_CODE, GOING_AWAY_CLOSE_CODE } from '../shared/protocol';
import type { RetryPace } from './backoff';

/** What the status line says while the relay has `--max-phones` already. */
export const FULL_DETAIL = 'the installation is full, retrying';

/** What a socket's end means for the next attempt and for the status line. */
export interface CloseVerdict {
  /**
   * The pace of the retries from here, or null to keep the current one: an
   * unreachable relay says nothing new (the browser's 1006), so a restart's
   * `soon` pace lasts through the refused attempts until the relay is back.
   * `patient` means the relay refused the phone: the brief open before the
   * close was no success, so the retries keep counting up.
   */
  pace: RetryPace | null;
  /** Why the phone is not connected, for the status line; null for the plain status. */
  detail: string | null;
}

/**
 * Reads a close code (and reason) from the relay. Pure, so every code's
 * behaviour is tested without sockets.
 */
export function readClose(code: number | undefined, reason = ''): CloseVerdict {
  switch (code) {
    case FULL_CLOSE_CODE:
      return { pace: 'patient', detail: FULL_DETAIL };
    // A policy violation: the relay says flooding; other rules may use it too.
    case FLOOD_CLOSE_CODE: {
      // At most 123 bytes (a close frame's limit); React shows it as text.
      const why = reason.trim();
      return {
        pace: 'patient',
        detail: `the relay turned this phone away${why ? ` (${why})` : ''}, retrying`,
      };
    }
    case GOING_AWAY_CLOSE_CODE:
      return { pace: 'soon', detail: null };
    // Anything else (a normal close, a dropped line, 4000 for "replaced")
    // says nothing about the relay's state: the pace stays, and a lasting
    // open has set it back to normal already.
    default:
      return { pace: null, detail: null };
  }
}
