import { describe, expect, it } from 'vitest';
import {
  armArgs,
  armOrder,
  CLUSTER_ARMS,
  nodeCoresOf,
  summarise,
  type ClusterRun,
} from '../../../bench/relay/cluster';
import type { LoadResult } from '../../../bench/relay/loadgen';

const [alone, withRedis, twoNodes] = CLUSTER_ARMS as [
  (typeof CLUSTER_ARMS)[0],
  (typeof CLUSTER_ARMS)[0],
  (typeof CLUSTER_ARMS)[0],
];

/** One generator's result at 3000 phones × 20 Hz for 5 s, with a primary and two workers. */
const load = (overrides: Partial<LoadResult> = {}): LoadResult => ({
  sent: 300_000,
  delivered: 300_000,
  deliveredPerSecond: 60_000,
  lost: 0,
  latencyMs: { p50: 2, p99: 20, max: 50 },
  warmupLatencyMs: { p50: 5, p99: 50, max: 80 },
  relayCpuSeconds: 6,
  relayCpuPerMessageUs: 20,
  relayCores: 1.2,
  generatorCores: 0.7,
  receiverCores: 0.2,
  relayPreemptionsPerSecond: 0,
  receiverSleepsPerSecond: 0,
  relayRssBytes: 300 * 2 ** 20,
  relayProcessCores: [0.01, 0.55, 0.64],
  deletesLost: 0,
  seen: { connects: 3000, updates: 354_000, deletes: 3000 },
  ...overrides,
});

describe('the cluster scenario', () => {
  it('starts each arm with the phones as its limit, Redis when it has it, and workers for two nodes', () => {
    const url = 'redis://127.0.0.1:6400';
    expect(armArgs(alone, 3000, url)).toEqual(['--max-phones', '3000']);
    expect(armArgs(withRedis, 3000, url)).toEqual(['--max-phones', '3000', '--redis', url]);
    expect(armArgs(twoNodes, 3000, url)).toEqual([
      ...['--max-phones', '3000', '--redis', url],
      ...['--workers', '2'],
    ]);
  });

  it('runs every arm in every repeat, the order turned round each time', () => {
    expect(armOrder(1)).toEqual([alone, withRedis, twoNodes]);
    expect(armOrder(2)).toEqual([twoNodes, withRedis, alone]);
    expect(armOrder(3)).toEqual(armOrder(1));
  });

  it('leaves a primary out of the nodes’ cores and puts the busiest node first', () => {
    expect(nodeCoresOf([0.01, 0.55, 0.64])).toEqual([0.64, 0.55]);
    expect(nodeCoresOf([0.9])).toEqual([0.9]);
  });

  it('takes the median of each figure over the runs, Redis’s CPU per update from its cores', () => {
    const runs: ClusterRun[] = [
      { load: load(), publishes: 30_000 },
      {
        load: load({ latencyMs: { p50: 3, p99: 30, max: 70 }, receiverCores: 0.3 }),
        publishes: 36_000,
      },
      {
        load: load({ latencyMs: { p50: 1, p99: 10, max: 40 }, receiverCores: 0.1 }),
        publishes: 24_000,
      },
    ];
    const row = summarise(twoNodes, { phones: 3000, seconds: 5 }, runs);
    expect(row).toMatchObject({
      arm: '--workers 2 --redis',
      redis: true,
      nodes: 2,
      runs: 3,
      sentPerSecond: 60_000,
      lostPercent: 0,
      latencyMs: { p50: 2, p99: 20, max: 50 },
      cpuPerMessageUs: 20,
      redisCores: 0.2,
      nodeCores: [0.64, 0.55],
      rssMiB: 300,
    });
    // 0.2 cores over 5 s is 1 s of Redis's CPU for 300,000 updates.
    expect(row.redisCpuPerMessageUs).toBeCloseTo(1e6 / 300_000, 9);
    // 360,000 events over 30,000 PUBLISHes, the median run.
    expect(row.eventsPerPublish).toBe(12);
  });

  it('counts no events a PUBLISH for the arm without Redis', () => {
    const row = summarise(alone, { phones: 3000, seconds: 5 }, [
      { load: load({ relayProcessCores: [0.9] }), publishes: 0 },
    ]);
    expect(row.eventsPerPublish).toBeNaN();
    expect(row.nodeCores).toEqual([0.9]);
  });
});
