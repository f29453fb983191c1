import { describe, expect, it } from 'vitest';
import {
  isPhonesMessage,
  lastSeenText,
  phoneRows,
  roundTripText,
} from '../../../src/monitor/phones';
import type { MonitoredUser } from '../../../src/monitor/users';

const user = (id: number, slot: number): MonitoredUser => ({
  id,
  slot,
  x: 0,
  y: 0,
  speed: 0,
  angle: 0,
  sliders: new Map(),
  buttons: new Map(),
});
const report = (sliderId: number, slot: number | null) => ({
  sliderId,
  slot,
  rttMs: 12,
  perSecond: 30,
  lastSeenMs: 250,
});

describe("the monitor's phone rows", () => {
  it('lists every phone once: players by slot, then the away ones by id', () => {
    const rows = phoneRows(
      [user(30, 2), user(10, 1)],
      [report(99, null), report(10, 1), report(50, null)],
    );
    expect(rows.map((row) => [row.id, row.slot])).toEqual([
      [10, 1],
      [30, 2],
      [50, null],
      [99, null],
    ]);
    // A player who joined since the last report has no report yet.
    expect(rows[1]?.report).toBeUndefined();
    expect(rows[0]?.report?.rttMs).toBe(12);
  });

  it("takes the user stream's word on who is present over the older report", () => {
    const [row] = phoneRows([], [report(10, 1)]);
    expect(row).toMatchObject({ id: 10, slot: null, user: undefined });
  });

  it('shows the round trip and last seen in words, and a dash before the first report', () => {
    expect(roundTripText(report(1, 1))).toBe('12 ms');
    expect(roundTripText({ ...report(1, 1), rttMs: null })).toBe('–');
    expect(roundTripText(undefined)).toBe('–');
    expect(lastSeenText(report(1, 1))).toBe('0.3 s ago');
    expect(lastSeenText(undefined)).toBe('–');
  });

  it('tells the phones report from the messages about users', () => {
    expect(isPhonesMessage({ type: 'phones', phoneUrl: null, phones: [] })).toBe(true);
    expect(isPhonesMessage({ type: 'connect', sliderId: 1, slot: 1 })).toBe(false);
    expect(isPhonesMessage({ type: 'phones' })).toBe(false);
    expect(isPhonesMessage(null)).toBe(false);
  });
});
