import { table } from '../markdown.js';
import { fmt } from '../stats.js';
import type { SweepRow } from './suite.js';

/** The sweep as a table: one row per mode and phone count. */
export function sweepTable(rows: SweepRow[]): string {
  return table(
    [
      'mode',
      'phones',
      'delivered/s',
      'lost %',
      'p50 ms',
      'p99 ms',
      'max ms',
      'relay CPU µs/msg',
      'relay RSS MiB',
    ],
    rows.map((row) => [
      row.mode,
      String(row.phones),
      fmt(row.deliveredPerSecond, 0),
      fmt(row.lostPercent, 2),
      fmt(row.latencyMs.p50, 2),
      fmt(row.latencyMs.p99, 2),
      fmt(row.latencyMs.max, 1),
      fmt(row.cpuPerMessageUs, 1),
      fmt(row.rssMiB, 0),
    ]),
  );
}

/**
 * Crowdstick against the baseline at each phone count both ran: throughput as
 * Crowdstick ÷ baseline, latency and CPU as baseline ÷ Crowdstick, so every
 * ratio above 1 is Crowdstick's advantage.
 */
export function ratioTable(rows: SweepRow[]): string {
  const body: string[][] = [];
  for (const ours of rows.filter((row) => row.mode === 'crowdstick')) {
    const theirs = rows.find(
      (row) => row.mode.startsWith('baseline') && row.phones === ours.phones,
    );
    if (!theirs) continue;
    const times = (value: number) => `${fmt(value, value >= 100 ? 0 : 2)}×`;
    body.push([
      String(ours.phones),
      times(ours.deliveredPerSecond / theirs.deliveredPerSecond),
      times(theirs.latencyMs.p50 / ours.latencyMs.p50),
      times(theirs.latencyMs.p99 / ours.latencyMs.p99),
      times(theirs.cpuPerMessageUs / ours.cpuPerMessageUs),
    ]);
  }
  return table(
    [
      'phones',
      'delivered/s, crowdstick ÷ baseline',
      'p50, baseline ÷ crowdstick',
      'p99, baseline ÷ crowdstick',
      'CPU per message, baseline ÷ crowdstick',
    ],
    body,
  );
}

/** The largest phone count whose p99 stayed under the limit, per mode. */
export function largestUnder(rows: SweepRow[], limitMs: number): string[] {
  const modes = [...new Set(rows.map((row) => row.mode))];
  return modes.map((mode) => {
    const passing = rows.filter((row) => row.mode === mode && row.latencyMs.p99 < limitMs);
    const best = Math.max(0, ...passing.map((row) => row.phones));
    return `${mode}: ${best > 0 ? `${best} phones` : 'none of the counts tried'}`;
  });
}
