import type { PhoneReport, PhonesMessage } from '../../src/shared/protocol.js';
import type { PhoneActivity } from '../core/relayCore.js';

/** What the report reads besides the router: the heartbeat's round trips and pongs. */
export interface PhoneLiveness<Handle> {
  roundTripOf(handle: Handle): number | null;
  answeredAt(handle: Handle): number | null;
}

/**
 * The monitors' once-a-second `phones` message: every phone socket with a
 * user id, its round trip, its frames a second since the previous report
 * (`elapsedMs` ago) and how long since the relay last heard from it.
 */
export function phonesMessage<Handle>(
  activity: readonly PhoneActivity<Handle>[],
  liveness: PhoneLiveness<Handle>,
  { now, elapsedMs, phoneUrl }: { now: number; elapsedMs: number; phoneUrl: string | null },
): PhonesMessage {
  const phones = activity.map(({ handle, sliderId, slot, frames, heardAt }): PhoneReport => {
    const rtt = liveness.roundTripOf(handle);
    const lastHeard = Math.max(heardAt, liveness.answeredAt(handle) ?? heardAt);
    return {
      sliderId,
      slot,
      rttMs: rtt === null ? null : Math.round(rtt),
      perSecond: elapsedMs > 0 ? Math.round((frames * 1000) / elapsedMs) : 0,
      lastSeenMs: Math.max(0, Math.round(now - lastHeard)),
    };
  });
  return { type: 'phones', phoneUrl, phones };
}
