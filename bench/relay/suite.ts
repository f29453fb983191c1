import { median, type Spread } from '../stats.js';
import type { IdleMemoryConfig, IdleMemoryResult } from './idleMemory.js';
import type { LoadConfig, LoadResult } from './loadgen.js';
import { runChild } from './runChild.js';
import { spawnRelay, type RelayKind } from './spawnRelay.js';

/** One way of relaying that the sweep compares. */
export interface Mode {
  name: string;
  relay: RelayKind;
  /** Frames per second for the installation; plain when absent. */
  batch?: number;
  /** The largest phone count worth running; the baseline melts down past a few hundred. */
  maxPhones: number;
}

/** The frame rate the batched installation asks for. */
export const BATCH_FRAMES_PER_SECOND = 30;

export const MODES: Mode[] = [
  { name: 'crowdstick', relay: 'crowdstick', maxPhones: Infinity },
  {
    name: `crowdstick batched ${BATCH_FRAMES_PER_SECOND}/s`,
    relay: 'crowdstick',
    batch: BATCH_FRAMES_PER_SECOND,
    maxPhones: Infinity,
  },
  { name: 'baseline (broadcast to all)', relay: 'baseline', maxPhones: 200 },
];

export interface SweepOptions {
  phoneCounts: number[];
  hz: number;
  seconds: number;
  warmupSeconds: number;
  repeats: number;
  installations: number;
  log(line: string): void;
}

/** The medians over repeats of one mode at one phone count. */
export interface SweepRow {
  mode: string;
  phones: number;
  deliveredPerSecond: number;
  lostPercent: number;
  /** Phones whose own delete at the end never reached the installation. */
  deletesLost: number;
  latencyMs: Spread;
  /** p99 of the updates sent in the warm-up: the relay's cold start. */
  warmupP99Ms: number;
  cpuPerMessageUs: number;
  /** Cores busy on average: when the two add up to the machine's, the figures are the machine's limit. */
  relayCores: number;
  generatorCores: number;
  rssMiB: number;
}

async function runOnce(mode: Mode, phones: number, options: SweepOptions): Promise<LoadResult> {
  const relay = await spawnRelay(mode.relay);
  try {
    const config: LoadConfig = {
      relay: mode.relay,
      port: relay.port,
      relayPid: relay.pid,
      phones,
      hz: options.hz,
      seconds: options.seconds,
      warmupSeconds: options.warmupSeconds,
      installations: options.installations,
      ...(mode.batch ? { batch: mode.batch } : {}),
    };
    return await runChild<LoadResult>('loadgen.js', config);
  } finally {
    await relay.stop();
  }
}

const summarise = (mode: Mode, phones: number, runs: LoadResult[]): SweepRow => ({
  mode: mode.name,
  phones,
  deliveredPerSecond: median(runs.map((r) => r.deliveredPerSecond)),
  lostPercent: median(runs.map((r) => (100 * Math.max(0, r.lost)) / r.sent)),
  deletesLost: median(runs.map((r) => r.deletesLost)),
  latencyMs: {
    p50: median(runs.map((r) => r.latencyMs.p50)),
    p99: median(runs.map((r) => r.latencyMs.p99)),
    max: median(runs.map((r) => r.latencyMs.max)),
  },
  warmupP99Ms: median(runs.map((r) => r.warmupLatencyMs.p99)),
  cpuPerMessageUs: median(runs.map((r) => r.relayCpuPerMessageUs)),
  relayCores: median(runs.map((r) => r.relayCores)),
  generatorCores: median(runs.map((r) => r.generatorCores)),
  rssMiB: median(runs.map((r) => r.relayRssBytes / 2 ** 20)),
});

/**
 * Every mode at every phone count, with the modes interleaved inside each
 * repeat so that a noisy neighbour hurts them alike; medians over repeats.
 */
export async function sweep(options: SweepOptions): Promise<SweepRow[]> {
  const rows: SweepRow[] = [];
  for (const phones of options.phoneCounts) {
    const modes = MODES.filter((mode) => phones <= mode.maxPhones);
    const runs = new Map<Mode, LoadResult[]>(modes.map((mode) => [mode, []]));
    for (let repeat = 1; repeat <= options.repeats; repeat += 1) {
      for (const mode of modes) {
        options.log(`  ${mode.name}, ${phones} phones x ${options.hz} Hz, run ${repeat}`);
        runs.get(mode)!.push(await runOnce(mode, phones, options));
      }
    }
    for (const mode of modes) rows.push(summarise(mode, phones, runs.get(mode)!));
  }
  return rows;
}

/** The relay's resident memory per idle phone: the slope over the steps, and overall. */
export interface IdleMemory {
  phones: number;
  steps: number;
  marginalBytes: number;
  fromStartBytes: number;
}

/** Idle phones' memory cost, medians over repeats, each on a fresh relay. */
export async function idleBytesPerPhone(
  phones: number,
  steps: number,
  repeats: number,
): Promise<IdleMemory> {
  const marginal: number[] = [];
  const fromStart: number[] = [];
  for (let repeat = 0; repeat < repeats; repeat += 1) {
    const relay = await spawnRelay('crowdstick');
    try {
      const config: IdleMemoryConfig = { port: relay.port, relayPid: relay.pid, phones, steps };
      const result = await runChild<IdleMemoryResult>('idleMemory.js', config);
      marginal.push(result.perPhoneBytes);
      fromStart.push(result.perPhoneFromStartBytes);
    } finally {
      await relay.stop();
    }
  }
  return { phones, steps, marginalBytes: median(marginal), fromStartBytes: median(fromStart) };
}
