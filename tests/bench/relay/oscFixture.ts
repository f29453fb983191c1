import type { OscArmRow, OscComparison, OscTally } from '../../../bench/relay/osc';

/** A tally of 5 runs at 1000 phones in which the receiver missed 40 datagrams of 4 messages. */
export const tally = (overrides: Partial<OscTally> = {}): OscTally => ({
  sent: { messages: 3_031_000, datagrams: 757_000, events: 3_006_000, refresh: 25_000 },
  received: { messages: 3_030_840, datagrams: 756_960, events: 3_005_840, refresh: 25_000 },
  receiverDrops: 40,
  relayErrors: 0,
  refreshes: 40,
  malformed: 0,
  receiveBufferBytes: 212_992,
  ...overrides,
});

export const row = (osc: boolean, overrides: Partial<OscArmRow> = {}): OscArmRow => ({
  arm: osc ? '--osc to one loopback receiver' : 'without --osc',
  osc,
  phones: 1000,
  runs: 5,
  deliveredPerSecond: 29_900,
  lostPercent: 0,
  latencyMs: osc ? { p50: 0.5, p99: 2.5, max: 6 } : { p50: 0.4, p99: 2, max: 5 },
  cpuPerMessageUs: osc ? 18 : 15,
  relayCores: osc ? 0.54 : 0.45,
  generatorCores: 0.42,
  receiverCores: osc ? 0.2 : 0,
  relayPreemptionsPerSecond: osc ? 3000 : 150,
  receiverSleepsPerSecond: osc ? 7000 : 0,
  rssMiB: 93,
  tally: osc ? tally() : null,
  ...overrides,
});

const medianOf = (ratios: number[]) =>
  [...ratios].sort((a, b) => a - b)[Math.floor((ratios.length - 1) / 2)]!;

/** The stopped receiver's arm: no receiver running, the relay's figures between the other two. */
const stopped = row(true, {
  arm: '--osc to a stopped receiver',
  latencyMs: { p50: 0.45, p99: 2.2, max: 5.5 },
  cpuPerMessageUs: 16.5,
  receiverCores: 0,
  receiverSleepsPerSecond: 0,
  tally: null,
});

/** With ÷ without of 1.20, from five pairs of runs; 1.10 with the receiver stopped. */
export const comparison = (
  withOsc: Partial<OscArmRow> = {},
  cpuRatios = [1.15, 1.18, 1.2, 1.22, 1.3],
  stoppedCpuRatios = [1.05, 1.08, 1.1, 1.12, 1.2],
): OscComparison => ({
  rows: [row(false), row(true, withOsc), stopped],
  cpuRatios,
  cpuRatio: medianOf(cpuRatios),
  stoppedCpuRatios,
  stoppedCpuRatio: medianOf(stoppedCpuRatios),
});
