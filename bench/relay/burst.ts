import { fmt, median, type Spread } from '../stats.js';
import type { BurstConfig, BurstResult } from './burstgen.js';
import { handshakeCounters, listenBacklogOf } from './kernelTcp.js';
import { runChild } from './runChild.js';
import { spawnRelay } from './spawnRelay.js';

/** Node's default listen backlog, which the relay had before it fitted its own to --max-phones. */
export const NODE_LISTEN_BACKLOG = 511;

/** Opens slower than this are counted: a SYN dropped is sent again after 1 s, so its open is slower. */
export const SLOW_OPEN_MS = 900;

/** One way of starting the relay that the burst compares. */
export interface BurstVariant {
  name: string;
  /** `--listen-backlog`; the relay's default (it fits `--max-phones`) when absent. */
  listenBacklog?: number;
}

export const BURST_VARIANTS: BurstVariant[] = [
  {
    name: `--listen-backlog ${NODE_LISTEN_BACKLOG} (Node's default)`,
    listenBacklog: NODE_LISTEN_BACKLOG,
  },
  { name: "the relay's default, fitted to --max-phones" },
];

export interface BurstOptions {
  phones: number;
  /** Seconds over which the phones arrive, evenly spread. */
  arrivalSeconds: number;
  hz: number;
  repeats: number;
  log(line: string): void;
}

/**
 * The medians over repeats of one variant, and the worst run's figures: a
 * stall that overflows the queue in one run of several is what a crowd meets.
 */
export interface BurstRow {
  variant: string;
  phones: number;
  runs: number;
  /** Phones whose connect reached the installation: all of them, or the run fails. */
  connected: number;
  /** The backlog the kernel gave the relay's listener: the one asked for, capped at somaxconn. */
  kernelBacklog: number;
  allConnectedMs: number;
  arrivalSpreadMs: number;
  slowOpens: number;
  openMs: Spread;
  /** Times the kernel found a listen queue full, machine-wide, in all the runs together. */
  listenOverflows: number;
  /** Runs in which it did at least once. */
  runsOverflowed: number;
  /** SYNs and SYN-ACKs the kernel sent again, machine-wide, in all the runs together. */
  synRetransmits: number;
  /** Updates sent during the burst, and of those, the ones that never reached the installation. */
  sent: number;
  lost: number;
  latencyMs: Spread;
  relayCores: number;
  generatorCores: number;
  /** The largest of each over the runs. */
  worst: { allConnectedMs: number; slowOpens: number; p99Ms: number };
}

type BurstRun = BurstResult & {
  kernelBacklog: number;
  listenOverflows: number;
  synRetransmits: number;
};

async function runOnce(variant: BurstVariant, options: BurstOptions): Promise<BurstRun> {
  const backlog = variant.listenBacklog;
  const relay = await spawnRelay('crowdstick', [
    // Room for every phone of the burst, so none is turned away.
    ...['--max-phones', String(options.phones)],
    ...(backlog === undefined ? [] : ['--listen-backlog', String(backlog)]),
  ]);
  try {
    const config: BurstConfig = {
      port: relay.port,
      relayPid: relay.pid,
      phones: options.phones,
      arrivalSeconds: options.arrivalSeconds,
      hz: options.hz,
      slowOpenMs: SLOW_OPEN_MS,
    };
    const kernelBacklog = listenBacklogOf(relay.port);
    const before = handshakeCounters();
    const result = await runChild<BurstResult>('burstgen.js', config);
    const after = handshakeCounters();
    return {
      ...result,
      kernelBacklog,
      listenOverflows: after.listenOverflows - before.listenOverflows,
      synRetransmits: after.synRetransmits - before.synRetransmits,
    };
  } finally {
    await relay.stop();
  }
}

const medianOf = (runs: BurstRun[], pick: (run: BurstRun) => number) => median(runs.map(pick));
const worstOf = (runs: BurstRun[], pick: (run: BurstRun) => number) => Math.max(...runs.map(pick));

const summarise = (variant: BurstVariant, phones: number, runs: BurstRun[]): BurstRow => ({
  variant: variant.name,
  phones,
  runs: runs.length,
  connected: medianOf(runs, (r) => r.connected),
  kernelBacklog: medianOf(runs, (r) => r.kernelBacklog),
  allConnectedMs: medianOf(runs, (r) => r.allConnectedMs),
  arrivalSpreadMs: medianOf(runs, (r) => r.arrivalSpreadMs),
  slowOpens: medianOf(runs, (r) => r.slowOpens),
  openMs: {
    p50: medianOf(runs, (r) => r.openMs.p50),
    p99: medianOf(runs, (r) => r.openMs.p99),
    max: medianOf(runs, (r) => r.openMs.max),
  },
  listenOverflows: runs.reduce((sum, r) => sum + r.listenOverflows, 0),
  runsOverflowed: runs.filter((r) => r.listenOverflows > 0).length,
  synRetransmits: runs.reduce((sum, r) => sum + r.synRetransmits, 0),
  sent: medianOf(runs, (r) => r.sent),
  lost: medianOf(runs, (r) => r.sent - r.delivered),
  latencyMs: {
    p50: medianOf(runs, (r) => r.latencyMs.p50),
    p99: medianOf(runs, (r) => r.latencyMs.p99),
    max: medianOf(runs, (r) => r.latencyMs.max),
  },
  relayCores: medianOf(runs, (r) => r.relayCores),
  generatorCores: medianOf(runs, (r) => r.generatorCores),
  worst: {
    allConnectedMs: worstOf(runs, (r) => r.allConnectedMs),
    slowOpens: worstOf(runs, (r) => r.slowOpens),
    p99Ms: worstOf(runs, (r) => r.latencyMs.p99),
  },
});

/**
 * A crowd arriving at once, against a fresh relay with each listen backlog;
 * the variants interleaved inside each repeat, medians over repeats.
 */
export async function burst(options: BurstOptions): Promise<BurstRow[]> {
  const runs = new Map<BurstVariant, BurstRun[]>(BURST_VARIANTS.map((v) => [v, []]));
  for (let repeat = 1; repeat <= options.repeats; repeat += 1) {
    for (const variant of BURST_VARIANTS) {
      options.log(
        `  burst, ${options.phones} phones in ${options.arrivalSeconds} s, ${variant.name}, run ${repeat}`,
      );
      const run = await runOnce(variant, options);
      options.log(
        `    all connected in ${fmt(run.allConnectedMs / 1000, 2)} s, ${run.slowOpens} opens over ` +
          `${SLOW_OPEN_MS} ms, ${run.listenOverflows} listen overflows, ${run.synRetransmits} SYN ` +
          `retransmits, p99 ${fmt(run.latencyMs.p99, 1)} ms, cores ` +
          `${fmt(run.relayCores, 2)} + ${fmt(run.generatorCores, 2)}`,
      );
      runs.get(variant)!.push(run);
    }
  }
  return BURST_VARIANTS.map((variant) => summarise(variant, options.phones, runs.get(variant)!));
}
