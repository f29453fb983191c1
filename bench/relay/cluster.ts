import { fmt, median, type Spread } from '../stats.js';
import type { LoadConfig, LoadResult } from './loadgen.js';
import { processTree } from './procStats.js';
import { runChild } from './runChild.js';
import { spawnRedis } from './spawnRedis.js';
import { spawnRelay } from './spawnRelay.js';

/** One way of starting the relay that the cluster scenario compares. */
export interface ClusterArm {
  name: string;
  /** Started with `--redis` to the run's own redis-server. */
  redis: boolean;
  /** Nodes behind the one port: more than one is `--workers N`. */
  nodes: number;
}

export const CLUSTER_ARMS: readonly ClusterArm[] = [
  { name: 'one relay, no Redis', redis: false, nodes: 1 },
  { name: 'one relay with --redis', redis: true, nodes: 1 },
  { name: '--workers 2 --redis', redis: true, nodes: 2 },
];

export interface ClusterOptions {
  phones: number;
  hz: number;
  seconds: number;
  warmupSeconds: number;
  repeats: number;
  log(line: string): void;
}

/** One run: what the generator measured, and how often Redis was asked to PUBLISH in it. */
export interface ClusterRun {
  load: LoadResult;
  publishes: number;
}

/** The medians over repeats of one arm. */
export interface ClusterArmRow {
  arm: string;
  redis: boolean;
  nodes: number;
  phones: number;
  runs: number;
  /** Updates the phones sent a second, and those the one installation got. */
  sentPerSecond: number;
  deliveredPerSecond: number;
  lostPercent: number;
  latencyMs: Spread;
  /** CPU of every relay process together (the primary and its workers) per update sent. */
  cpuPerMessageUs: number;
  /** Redis's CPU per update sent, while sending. */
  redisCpuPerMessageUs: number;
  relayCores: number;
  generatorCores: number;
  redisCores: number;
  /**
   * Each node's cores while sending, the busiest first; with workers the
   * primary, which only hands connections over, is left out.
   */
  nodeCores: number[];
  /** Every event the installation saw (the whole run's) for each PUBLISH Redis ran. */
  eventsPerPublish: number;
  /** Resident memory of the relay's processes, added up. */
  rssMiB: number;
}

export interface ClusterComparison {
  /** One row per arm, in the order of `CLUSTER_ARMS`. */
  rows: ClusterArmRow[];
  /** CPU per message with `--redis` ÷ without, one node each, the two runs of each repeat side by side. */
  redisCpuRatios: number[];
  /** Their median: what Redis costs a node. */
  redisCpuRatio: number;
}

/** The command line of an arm against the run's Redis. */
export function armArgs(arm: ClusterArm, phones: number, redisUrl: string): string[] {
  return [
    // Every phone on one node in the single arms; the limit is a node's, so it fits every arm.
    ...['--max-phones', String(phones)],
    ...(arm.redis ? ['--redis', redisUrl] : []),
    ...(arm.nodes > 1 ? ['--workers', String(arm.nodes)] : []),
  ];
}

async function runOnce(arm: ClusterArm, options: ClusterOptions): Promise<ClusterRun> {
  // A fresh Redis for every run, the first arm's too, so that the machine runs the same processes in each.
  const redis = await spawnRedis();
  try {
    // With workers the primary says so once every worker listens, each joined to the cluster.
    const ready = arm.nodes > 1 ? /workers on port (\d+)/ : undefined;
    const relay = await spawnRelay('crowdstick', armArgs(arm, options.phones, redis.url), ready);
    let load: LoadResult;
    try {
      const relayPids = processTree(relay.pid);
      const processes = arm.nodes > 1 ? arm.nodes + 1 : 1;
      if (relayPids.length !== processes) {
        throw new Error(
          `${arm.name}: want ${processes} relay processes, found ${relayPids.length}`,
        );
      }
      const config: LoadConfig = {
        relay: 'crowdstick',
        port: relay.port,
        relayPid: relay.pid,
        relayPids,
        phones: options.phones,
        hz: options.hz,
        seconds: options.seconds,
        warmupSeconds: options.warmupSeconds,
        installations: 1,
        receiverPid: redis.pid,
      };
      load = await runChild<LoadResult>('loadgen.js', config);
      if (processTree(relay.pid).join() !== relayPids.join()) {
        throw new Error(`${arm.name}: a relay process exited during the run`);
      }
    } finally {
      await relay.stop();
    }
    // Once the relay has stopped, its last events are out.
    return { load, publishes: await redis.publishes() };
  } finally {
    await redis.stop();
  }
}

/** Each node's cores, busiest first: a primary's own (the first of several) is left out. */
export const nodeCoresOf = (processCores: readonly number[]): number[] =>
  (processCores.length > 1 ? processCores.slice(1) : [...processCores]).sort((a, b) => b - a);

/** The median of each position: the busiest node's, the next one's, … */
const medianEach = (lists: number[][]): number[] =>
  (lists[0] ?? []).map((_, at) => median(lists.map((list) => list[at] ?? NaN)));

export function summarise(
  arm: ClusterArm,
  options: Pick<ClusterOptions, 'phones' | 'seconds'>,
  runs: ClusterRun[],
): ClusterArmRow {
  const of = (pick: (run: ClusterRun) => number) => median(runs.map(pick));
  const ofLoad = (pick: (load: LoadResult) => number) => of((run) => pick(run.load));
  const events = ({ seen }: LoadResult) => seen.connects + seen.updates + seen.deletes;
  return {
    arm: arm.name,
    redis: arm.redis,
    nodes: arm.nodes,
    phones: options.phones,
    runs: runs.length,
    sentPerSecond: ofLoad((r) => r.sent / options.seconds),
    deliveredPerSecond: ofLoad((r) => r.deliveredPerSecond),
    lostPercent: ofLoad((r) => (100 * Math.max(0, r.lost)) / r.sent),
    latencyMs: {
      p50: ofLoad((r) => r.latencyMs.p50),
      p99: ofLoad((r) => r.latencyMs.p99),
      max: ofLoad((r) => r.latencyMs.max),
    },
    cpuPerMessageUs: ofLoad((r) => r.relayCpuPerMessageUs),
    // Redis's cores are read over the sending seconds, as the relay's are.
    redisCpuPerMessageUs: ofLoad(
      (r) => ((r.receiverCores ?? NaN) * options.seconds * 1e6) / r.sent,
    ),
    relayCores: ofLoad((r) => r.relayCores),
    generatorCores: ofLoad((r) => r.generatorCores),
    redisCores: ofLoad((r) => r.receiverCores ?? NaN),
    nodeCores: medianEach(runs.map((run) => nodeCoresOf(run.load.relayProcessCores ?? []))),
    eventsPerPublish: arm.redis ? of((run) => events(run.load) / run.publishes) : NaN,
    rssMiB: ofLoad((r) => r.relayRssBytes / 2 ** 20),
  };
}

/**
 * The arms in the order repeat `repeat` (from 1) runs them: turned round each
 * time (A B C, C B A, …), so that drift on a shared machine hurts them alike
 * and none always runs first or last.
 */
export const armOrder = (repeat: number): readonly ClusterArm[] =>
  repeat % 2 === 1 ? CLUSTER_ARMS : [...CLUSTER_ARMS].reverse();

/** The three arms at the same load, all three in every repeat, in `armOrder`. */
export async function clusterComparison(options: ClusterOptions): Promise<ClusterComparison> {
  const runs = new Map<ClusterArm, ClusterRun[]>(CLUSTER_ARMS.map((arm) => [arm, []]));
  const redisCpuRatios: number[] = [];
  const [alone, withRedis] = CLUSTER_ARMS;
  for (let repeat = 1; repeat <= options.repeats; repeat += 1) {
    for (const arm of armOrder(repeat)) {
      options.log(
        `  cluster, ${options.phones} phones x ${options.hz} Hz, ${arm.name}, run ${repeat}`,
      );
      const run = await runOnce(arm, options);
      const { load } = run;
      options.log(
        `    delivered ${fmt(load.deliveredPerSecond, 0)}/s, p99 ${fmt(load.latencyMs.p99, 2)} ms, ` +
          `relay CPU ${fmt(load.relayCpuPerMessageUs, 1)} µs/msg, cores ` +
          `${fmt(load.relayCores, 2)} + ${fmt(load.generatorCores, 2)} + ` +
          `${fmt(load.receiverCores ?? NaN, 2)}, ${run.publishes} PUBLISHes`,
      );
      runs.get(arm)!.push(run);
    }
    const cpu = (arm: ClusterArm) => runs.get(arm)!.at(-1)!.load.relayCpuPerMessageUs;
    redisCpuRatios.push(cpu(withRedis!) / cpu(alone!));
  }
  return {
    rows: CLUSTER_ARMS.map((arm) => summarise(arm, options, runs.get(arm)!)),
    redisCpuRatios,
    redisCpuRatio: median(redisCpuRatios),
  };
}
