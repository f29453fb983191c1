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
      'deletes lost',
      'p50 ms',
      'p99 ms',
      'max ms',
      'warm-up p99 ms',
      'relay CPU µs/msg',
      'cores: relay + generator',
      'relay RSS MiB',
    ],
    rows.map((row) => [
      row.mode,
      String(row.phones),
      fmt(row.deliveredPerSecond, 0),
      fmt(row.lostPercent, 2),
      String(row.deletesLost),
      fmt(row.latencyMs.p50, 2),
      fmt(row.latencyMs.p99, 2),
      fmt(row.latencyMs.max, 1),
      fmt(row.warmupP99Ms, 1),
      fmt(row.cpuPerMessageUs, 1),
      `${fmt(row.relayCores, 2)} + ${fmt(row.generatorCores, 2)}`,
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

/**
 * The largest phone count whose p99 stayed under the limit, per mode, and the
 * next count tried, where it did not. A batched installation is named apart: it
 * waits for the next frame by design, so the limit does not apply to it.
 */
export function largestUnder(rows: SweepRow[], limitMs: number, frameMs: number): string[] {
  const modes = [...new Set(rows.map((row) => row.mode))];
  return modes.map((mode) => {
    const ofMode = rows.filter((row) => row.mode === mode).sort((a, b) => a.phones - b.phones);
    const firstOver = ofMode.find((row) => !(row.latencyMs.p99 < limitMs));
    const under = ofMode.filter((row) => row.phones < (firstOver?.phones ?? Infinity));
    const best = under.at(-1);
    const found = best ? `${best.phones} phones` : 'none of the counts tried';
    const beyond = firstOver
      ? `; at ${firstOver.phones}, p99 was ${fmt(firstOver.latencyMs.p99, 1)} ms`
      : ', the most tried';
    const byDesign = mode.includes('batched')
      ? ` (its latency includes the wait for the next frame, up to ${fmt(frameMs, 0)} ms, by design)`
      : '';
    return `${mode}: ${found}${beyond}${byDesign}`;
  });
}
