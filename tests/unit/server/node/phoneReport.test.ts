import { describe, expect, it } from 'vitest';
import { phonesMessage } from '../../../../server/node/phoneReport';

const liveness = (rtt: Record<string, number>, answered: Record<string, number>) => ({
  roundTripOf: (handle: string) => rtt[handle] ?? null,
  answeredAt: (handle: string) => answered[handle] ?? null,
});

describe('phonesMessage', () => {
  it('gives each phone its round trip, frames a second since the last report, and time since last heard', () => {
    const message = phonesMessage(
      [
        { handle: 'a', sliderId: 1, slot: 1, frames: 45, heardAt: 9_900 },
        { handle: 'b', sliderId: 2, slot: null, frames: 0, heardAt: 2_000 },
      ],
      liveness({ a: 12.4 }, { b: 9_000 }),
      { now: 10_000, elapsedMs: 1_500, phoneUrl: 'http://10.0.0.5:8080/' },
    );
    expect(message).toEqual({
      type: 'phones',
      phoneUrl: 'http://10.0.0.5:8080/',
      phones: [
        { sliderId: 1, slot: 1, rttMs: 12, perSecond: 30, lastSeenMs: 100 },
        // Silent, but it answered the heartbeat a second ago.
        { sliderId: 2, slot: null, rttMs: null, perSecond: 0, lastSeenMs: 1_000 },
      ],
    });
  });

  it('counts no rate for a report made at the same moment as the last', () => {
    const [phone] = phonesMessage(
      [{ handle: 'a', sliderId: 1, slot: 1, frames: 3, heardAt: 0 }],
      liveness({}, {}),
      { now: 0, elapsedMs: 0, phoneUrl: null },
    ).phones;
    expect(phone?.perSecond).toBe(0);
  });
});
