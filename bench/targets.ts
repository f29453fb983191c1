import type { IdleMemory, SweepRow } from './relay/suite.js';
import { fmt } from './stats.js';

/** The goals the relay is held to at a crowd of 1,000 phones at 30 Hz. */
export const TARGETS = { phones: 1000, cpuPerMessageUs: 20, p99Ms: 10, idleKb: 10 } as const;

/** A relay whose thread is this busy has no room left: its queue, and so its latency, grows. */
const SATURATED_CORES = 0.9;

/** "met, 26 % under" or "**missed**, 12 % over": how far a figure is from its goal. */
function verdict(measured: number, goal: number): string {
  if (!Number.isFinite(measured)) return '**not measured**';
  const percent = Math.round((100 * Math.abs(goal - measured)) / goal);
  if (measured <= goal) {
    const margin =
      measured > 0 && goal / measured >= 2
        ? `${fmt(goal / measured, 1)}× under`
        : `${percent} % under`;
    return `met, ${margin}`;
  }
  return `**missed**, ${percent} % over`;
}

/** One line per target: the figure measured against it, whether it was met, and by how much. */
export function targetLines(rows: SweepRow[], idle: IdleMemory, hz: number): string[] {
  const crowd = rows.find((row) => row.mode === 'crowdstick' && row.phones === TARGETS.phones);
  const lines: string[] = [];
  if (crowd) {
    lines.push(
      `Relay CPU per inbound message at ${TARGETS.phones} phones: ${fmt(crowd.cpuPerMessageUs)} µs ` +
        `(goal ≤ ${TARGETS.cpuPerMessageUs}): ${verdict(crowd.cpuPerMessageUs, TARGETS.cpuPerMessageUs)}.`,
      `p99 phone → installation at ${TARGETS.phones} phones, once warm: ${fmt(crowd.latencyMs.p99, 2)} ms ` +
        `(goal ≤ ${TARGETS.p99Ms}): ${verdict(crowd.latencyMs.p99, TARGETS.p99Ms)}.`,
      `The same in the warm-up, a relay that has just started and gets ${TARGETS.phones} phones ` +
        `moving in one instant: p99 ${fmt(crowd.warmupP99Ms, 1)} ms: ` +
        `${verdict(crowd.warmupP99Ms, TARGETS.p99Ms)}. For its first fraction of a second a fresh ` +
        'relay runs unoptimised code and falls behind (so does the generator, just as fresh); ' +
        'a real crowd, arriving over minutes, warms the relay gently.',
    );
  } else {
    lines.push(`No run at ${TARGETS.phones} phones, so the CPU and p99 goals were not checked.`);
  }
  const idleKb = idle.marginalBytes / 1000;
  lines.push(
    `Relay memory per idle phone: ${fmt(idleKb)} kB (goal ≤ ${TARGETS.idleKb}): ${verdict(idleKb, TARGETS.idleKb)}.`,
  );
  const saturation = saturationLine(rows, hz);
  if (saturation) lines.push(saturation);
  return lines;
}

/** Where one relay process runs out of thread, if any run got there. */
function saturationLine(rows: SweepRow[], hz: number): string | null {
  const plain = rows.filter((row) => row.mode === 'crowdstick').sort((a, b) => a.phones - b.phones);
  const full = plain.find((row) => row.relayCores >= SATURATED_CORES);
  if (!full) {
    const busiest = plain.at(-1);
    if (!busiest) return null;
    return (
      `One relay process had room to spare at every count tried: at ${busiest.phones} phones ` +
      `it kept ${fmt(100 * busiest.relayCores, 0)} % of a core busy.`
    );
  }
  return (
    `One relay process runs out at about ${full.phones} phones × ${hz} Hz ` +
    `(${fmt(full.deliveredPerSecond, 0)} messages a second): it kept ` +
    `${fmt(100 * full.relayCores, 0)} % of a core busy (its JavaScript runs on one thread) ` +
    `and p99 rose to ${fmt(full.latencyMs.p99, 1)} ms. ` +
    'A bigger crowd needs more than one relay process (not measured here).'
  );
}
