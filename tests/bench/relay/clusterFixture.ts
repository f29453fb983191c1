import type { ClusterArmRow, ClusterComparison } from '../../../bench/relay/cluster';

/** 3000 phones at 20 Hz: 60,000 updates a second in every arm. */
const common = { phones: 3000, runs: 3, sentPerSecond: 60_000, lostPercent: 0 };

export const alone = (overrides: Partial<ClusterArmRow> = {}): ClusterArmRow => ({
  ...common,
  arm: 'one relay, no Redis',
  redis: false,
  nodes: 1,
  deliveredPerSecond: 59_800,
  latencyMs: { p50: 2.1, p99: 25, max: 60 },
  cpuPerMessageUs: 14,
  redisCpuPerMessageUs: 0,
  relayCores: 0.85,
  generatorCores: 0.75,
  redisCores: 0,
  nodeCores: [0.85],
  eventsPerPublish: NaN,
  rssMiB: 140,
  ...overrides,
});

export const oneNode = (overrides: Partial<ClusterArmRow> = {}): ClusterArmRow => ({
  ...common,
  arm: 'one relay with --redis',
  redis: true,
  nodes: 1,
  deliveredPerSecond: 59_500,
  latencyMs: { p50: 20, p99: 80, max: 120 },
  cpuPerMessageUs: 17.5,
  redisCpuPerMessageUs: 2,
  relayCores: 1,
  generatorCores: 0.7,
  redisCores: 0.12,
  nodeCores: [1],
  eventsPerPublish: 30,
  rssMiB: 150,
  ...overrides,
});

/** The node with the installation kept 0.66 of a core busy, the other 0.54. */
export const twoNodes = (overrides: Partial<ClusterArmRow> = {}): ClusterArmRow => ({
  ...common,
  arm: '--workers 2 --redis',
  redis: true,
  nodes: 2,
  deliveredPerSecond: 59_700,
  latencyMs: { p50: 8, p99: 40, max: 90 },
  cpuPerMessageUs: 21,
  redisCpuPerMessageUs: 3.2,
  relayCores: 1.2,
  generatorCores: 0.65,
  redisCores: 0.2,
  nodeCores: [0.66, 0.54],
  eventsPerPublish: 12,
  rssMiB: 260,
  ...overrides,
});

/** With --redis ÷ without of 1.25, from three pairs of runs. */
export const comparison = (
  two: Partial<ClusterArmRow> = {},
  one: Partial<ClusterArmRow> = {},
): ClusterComparison => ({
  rows: [alone(), oneNode(one), twoNodes(two)],
  redisCpuRatios: [1.2, 1.25, 1.3],
  redisCpuRatio: 1.25,
});
