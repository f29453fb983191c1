/**
 * Every close code and reason the relay gives a socket, in one place: the
 * phone reads them to tell the visitor what happened (src/store/closeCodes.ts),
 * installations to tell a refusal from a drop. Re-exported by protocol.ts;
 * docs/PROTOCOL.md "Close codes" explains them.
 */

/**
 * The close code the relay gives a controller socket whose user id a newer
 * socket took over: the same phone reconnecting, or a duplicated tab.
 */
export const REPLACED_CLOSE_CODE = 4000;
export const REPLACED_CLOSE_REASON = 'replaced';

/** The close code for every socket when the relay stops (SIGINT, SIGTERM): retry soon. */
export const GOING_AWAY_CLOSE_CODE = 1001;
export const GOING_AWAY_CLOSE_REASON = 'relay shutting down';

/**
 * The close code (try again later) for a phone turned away because the relay
 * already has as many phones as it takes (`--max-phones`); the reason is
 * written to be shown to the visitor.
 */
export const FULL_CLOSE_CODE = 1013;
export const FULL_CLOSE_REASON = 'the installation is full';

/** The close code (policy violation) for a phone that kept sending far over the relay's rate limit. */
export const FLOOD_CLOSE_CODE = 1008;
export const FLOOD_CLOSE_REASON = 'too many messages';

/**
 * The close code (policy violation) for a phone socket that sent no valid
 * `connect` within the relay's `--connect-timeout`: it held a phone place
 * without ever being a player.
 */
export const NO_CONNECT_CLOSE_CODE = 1008;
export const NO_CONNECT_CLOSE_REASON = 'no connect in time';

/**
 * For a peer that stopped reading (a phone past `--phone-buffer`, an
 * installation past `--max-backlog`) where the transport cannot drop the
 * connection outright; the relay's own transport terminates it instead.
 */
export const TOO_FAR_BEHIND_CLOSE_CODE = 1008;
export const TOO_FAR_BEHIND_CLOSE_REASON = 'too far behind';

/**
 * The close code for a phone the operator removed (the monitor's "kick", an
 * installation's `{"type":"kick"}`), and for each attempt of that user's to
 * come back within `--kick-seconds`. The reason, written to be shown to the
 * visitor, ends with the whole seconds until the phone may play again:
 * `removed by the operator; back in 60 s` (see `kickReason`).
 */
export const KICKED_CLOSE_CODE = 4001;

/** The kick's close reason, with the seconds until the phone may come back. */
export const kickReason = (seconds: number): string =>
  `removed by the operator; back in ${Math.max(0, Math.ceil(seconds))} s`;

/** The seconds a kick's close reason says to wait, or null for another reason. */
export function kickSecondsOf(reason: string): number | null {
  const match = /; back in (\d+) s$/.exec(reason);
  return match ? Number(match[1]) : null;
}

/**
 * The close code (policy violation) for an installation whose `subscribe` asks
 * for a batch or crowd rate outside 1 ..= 120; the same words answer a bad
 * `?batch=` or `?crowd=` as the body of an HTTP 400.
 */
export const BAD_BATCH_CLOSE_CODE = 1008;
export const BAD_BATCH_CLOSE_REASON = 'batch must be a whole number from 1 to 120';

/** The close reason for a `subscribe` whose `crowd` is no rate; the code is BAD_BATCH_CLOSE_CODE's. */
export const BAD_CROWD_CLOSE_REASON = 'crowd must be a whole number from 1 to 120';
