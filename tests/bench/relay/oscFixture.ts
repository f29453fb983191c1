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

const row = (osc: boolean, overrides: Partial<OscArmRow> = {}): OscArmRow => ({
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

/** With ÷ without of 1.20, from five pairs of runs. */
export const comparison = (
  withOsc: Partial<OscArmRow> = {},
  cpuRatios = [1.15, 1.18, 1.2, 1.22, 1.3],
): OscComparison => ({
  rows: [row(false), row(true, withOsc)],
  cpuRatios,
  cpuRatio: [...cpuRatios].sort((a, b) => a - b)[Math.floor((cpuRatios.length - 1) / 2)]!,
});
