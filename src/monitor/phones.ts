import type { PhoneReport, PhonesMessage, UserId } from '../shared/protocol';
import type { MonitoredUser } from './users';

/** One row of the monitor: a phone, its user's state while present, and the relay's report on it. */
export interface PhoneRow {
  id: UserId;
  /** The slot its user holds, or null while away. */
  slot: number | null;
  /** The user's stick and sliders; undefined while away. */
  user: MonitoredUser | undefined;
  /** The latest report on the socket; undefined for a user who joined since. */
  report: PhoneReport | undefined;
}

/** Whether a frame from the relay is the monitors' `phones` report. */
export const isPhonesMessage = (message: unknown): message is PhonesMessage =>
  typeof message === 'object' &&
  message !== null &&
  (message as PhonesMessage).type === 'phones' &&
  Array.isArray((message as PhonesMessage).phones);

/**
 * Every phone once: the ones the report lists and the present users it does
 * not list yet, players by slot, then the away ones. The user stream is the
 * fresher of the two (the relay sends a user's `delete` at once, the report
 * once a second), so it alone says who is present.
 */
export function phoneRows(
  users: readonly MonitoredUser[],
  reports: readonly PhoneReport[],
): PhoneRow[] {
  const present = new Map(users.map((user) => [user.id, user]));
  const rows = new Map<UserId, PhoneRow>();
  for (const report of reports) {
    const user = present.get(report.sliderId);
    rows.set(report.sliderId, { id: report.sliderId, slot: user?.slot ?? null, user, report });
  }
  for (const user of users) {
    if (!rows.has(user.id))
      rows.set(user.id, { id: user.id, slot: user.slot, user, report: undefined });
  }
  const order = (row: PhoneRow) => row.slot ?? Number.MAX_SAFE_INTEGER;
  return [...rows.values()].sort((a, b) => order(a) - order(b) || a.id - b.id);
}

/** A round trip as the table shows it. */
export const roundTripText = (report: PhoneReport | undefined): string =>
  report?.rttMs == null ? '–' : `${report.rttMs} ms`;

/** How long ago the relay last heard from a phone, as the table shows it. */
export const lastSeenText = (report: PhoneReport | undefined): string =>
  report === undefined ? '–' : `${(report.lastSeenMs / 1000).toFixed(1)} s ago`;
