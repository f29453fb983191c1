import type { IdleMemory, SweepRow } from './relay/suite.js';
import { fmt } from './stats.js';

/** The goals the relay is held to at a crowd of 1,000 phones at 30 Hz. */
export const TARGETS = { phones: 1000, cpuPerMessageUs: 20, p99Ms: 10, idleKb: 10 } as const;

const verdict = (ok: boolean) => (ok ? 'met' : '**missed**');

/** One line per target: the figure measured against it, and whether it was met. */
export function targetLines(rows: SweepRow[], idle: IdleMemory): string[] {
  const crowd = rows.find((row) => row.mode === 'crowdstick' && row.phones === TARGETS.phones);
  const lines: string[] = [];
  if (crowd) {
    lines.push(
      `Relay CPU per inbound message at ${TARGETS.phones} phones: ${fmt(crowd.cpuPerMessageUs)} µs ` +
        `(goal ≤ ${TARGETS.cpuPerMessageUs}): ${verdict(crowd.cpuPerMessageUs <= TARGETS.cpuPerMessageUs)}`,
      `p99 phone → installation at ${TARGETS.phones} phones: ${fmt(crowd.latencyMs.p99, 2)} ms ` +
        `(goal ≤ ${TARGETS.p99Ms}): ${verdict(crowd.latencyMs.p99 <= TARGETS.p99Ms)}`,
    );
  } else {
    lines.push(`No run at ${TARGETS.phones} phones, so the CPU and p99 goals were not checked.`);
  }
  const idleKb = idle.marginalBytes / 1000;
  lines.push(
    `Relay memory per idle phone: ${fmt(idleKb)} kB (goal ≤ ${TARGETS.idleKb}): ${verdict(idleKb <= TARGETS.idleKb)}`,
  );
  return lines;
}
