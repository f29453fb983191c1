import { fmt, median, type Spread } from '../stats.js';
import type { LoadConfig, LoadResult } from './loadgen.js';
import type { ReceiverCounts } from './oscReceiver.js';
import { runChild } from './runChild.js';
import { wait } from './sockets.js';
import { spawnReceiver, type BenchReceiver } from './spawnReceiver.js';
import { spawnRelay } from './spawnRelay.js';

/** One way of starting the relay that the OSC scenario compares. */
export interface OscArm {
  name: string;
  /** Started with `--osc` to the loopback receiver. */
  osc: boolean;
  /**
   * The receiver stopped (SIGSTOP) while the phones play, a stand-in for a
   * receiver on another machine: the relay sends it the same datagrams and the
   * kernel takes each one in, but nothing on this machine wakes for them or
   * spends a core on them. What it got is not counted.
   */
  receiverStopped: boolean;
}

/**
 * Without a target, with one to the receiver, and with one to the receiver
 * stopped. The goals are judged on the first two (see bench/targets.ts).
 */
export const OSC_ARMS: readonly OscArm[] = [
  { name: 'without --osc', osc: false, receiverStopped: false },
  { name: '--osc to one loopback receiver', osc: true, receiverStopped: false },
  { name: '--osc to a stopped receiver', osc: true, receiverStopped: true },
];

/** OSC messages per phone event, as the relay maps them (PROTOCOL.md, OSC). */
export const OSC_MESSAGES_PER = { connect: 3, update: 4, delete: 3 } as const;

/** How long the figures must hold still before they are read: loopback delivers at once. */
const SETTLE_MS = 300;
/** Reads before giving up on a moment between two refreshes. */
const SETTLE_ATTEMPTS = 20;

export interface OscOptions {
  phones: number;
  hz: number;
  seconds: number;
  warmupSeconds: number;
  repeats: number;
  log(line: string): void;
}

/**
 * OSC messages the relay handed the kernel for its one target, and those the
 * receiver got, each split into phone events and the once-a-second refresh.
 */
export interface OscTally {
  /** From the relay's /healthz (`osc.out.targets[0]`); the split is reckoned, see `tallyOf`. */
  sent: { messages: number; datagrams: number; events: number; refresh: number };
  /** From the receiver, which tells a refresh's datagram by its first address. */
  received: { messages: number; datagrams: number; events: number; refresh: number };
  /** Datagrams the kernel dropped at the receiver's socket, its receive buffer full. */
  receiverDrops: number;
  /** Errors the relay counted for its target (`osc.out.targets[0].errors`), all kinds. */
  relayErrors: number;
  /** Full refreshes the relay sent (`osc.out.refreshes`). */
  refreshes: number;
  malformed: number;
  receiveBufferBytes: number;
}

/** One run: what the generator measured, and for the OSC arm what the relay and receiver counted. */
export interface OscRun {
  load: LoadResult;
  tally: OscTally | null;
}

/** The medians over repeats of one arm; its OSC counts summed over the runs. */
export interface OscArmRow {
  arm: string;
  osc: boolean;
  phones: number;
  runs: number;
  deliveredPerSecond: number;
  lostPercent: number;
  latencyMs: Spread;
  cpuPerMessageUs: number;
  relayCores: number;
  generatorCores: number;
  receiverCores: number;
  /** Times a second the kernel preempted the relay's thread, and the receiver went to sleep. */
  relayPreemptionsPerSecond: number;
  receiverSleepsPerSecond: number;
  rssMiB: number;
  tally: OscTally | null;
}

export interface OscComparison {
  /** One row per arm, in the order of `OSC_ARMS`. */
  rows: OscArmRow[];
  /** CPU per message with ÷ without, each repeat's two runs side by side. */
  cpuRatios: number[];
  /** Their median: the figure held to the goal. */
  cpuRatio: number;
  /** The same for the stopped receiver's arm against the one without, when it ran. */
  stoppedCpuRatios: number[];
  stoppedCpuRatio: number;
}

interface OscOut {
  /** Datagrams the relay handed the kernel (the events of 2 ms share one). */
  datagrams: number;
  messages: number;
  errors: number;
  refreshes: number;
}

/** The relay's OSC output figures for its one target, from /healthz. */
async function oscOut(port: number): Promise<OscOut> {
  const response = await fetch(`http://127.0.0.1:${port}/healthz`);
  const health = (await response.json()) as {
    osc?: {
      out: {
        refreshes: number;
        targets: { datagrams: number; messages: number; errors: Record<string, number> }[];
      } | null;
    };
  };
  const out = health.osc?.out;
  const target = out?.targets[0];
  if (!out || !target) throw new Error('the relay reports no OSC target on /healthz');
  const errors = Object.values(target.errors).reduce((sum, n) => sum + n, 0);
  return {
    datagrams: target.datagrams,
    messages: target.messages,
    errors,
    refreshes: out.refreshes,
  };
}

/**
 * The relay's count and the receiver's, read at one moment: the relay's
 * before and after a pause in which whatever it had sent arrives. The refresh
 * goes on once a second after the phones have left, so a read that a refresh
 * fell into is made again.
 */
async function settledCounts(
  relayPort: number,
  receiver: BenchReceiver,
): Promise<{ out: OscOut; got: ReceiverCounts }> {
  for (let attempt = 0; attempt < SETTLE_ATTEMPTS; attempt += 1) {
    const before = await oscOut(relayPort);
    await wait(SETTLE_MS);
    const got = await receiver.counts();
    const out = await oscOut(relayPort);
    if (out.messages === before.messages && out.datagrams === before.datagrams) return { out, got };
  }
  throw new Error(`the relay's OSC figures never held still for ${SETTLE_MS} ms`);
}

/**
 * The tally of one run. The relay counts messages, not which were events:
 * every event it published went to the installation too, so the events'
 * messages are reckoned from what the installation got, and the refresh's are
 * the rest.
 */
export function tallyOf(out: OscOut, got: ReceiverCounts, seen: LoadResult['seen']): OscTally {
  const events =
    OSC_MESSAGES_PER.connect * seen.connects +
    OSC_MESSAGES_PER.update * seen.updates +
    OSC_MESSAGES_PER.delete * seen.deletes;
  return {
    sent: {
      messages: out.messages,
      datagrams: out.datagrams,
      events,
      refresh: out.messages - events,
    },
    received: {
      messages: got.messages,
      datagrams: got.datagrams,
      events: got.messages - got.refreshMessages,
      refresh: got.refreshMessages,
    },
    receiverDrops: got.drops,
    relayErrors: out.errors,
    refreshes: out.refreshes,
    malformed: got.malformed,
    receiveBufferBytes: got.receiveBufferBytes,
  };
}

async function runOnce(arm: OscArm, options: OscOptions): Promise<OscRun> {
  // A receiver for both arms, so that the machine runs the same processes in each.
  const receiver = await spawnReceiver();
  try {
    const target = `127.0.0.1:${receiver.port}`;
    // Without the crowd's bundles (--osc-crowd 0): what is counted here is the
    // phones' events and the refresh, each told apart by the receiver.
    const relay = await spawnRelay(
      'crowdstick',
      arm.osc ? ['--osc', target, '--osc-crowd', '0'] : [],
    );
    try {
      const config: LoadConfig = {
        relay: 'crowdstick',
        port: relay.port,
        relayPid: relay.pid,
        phones: options.phones,
        hz: options.hz,
        seconds: options.seconds,
        warmupSeconds: options.warmupSeconds,
        installations: 1,
        receiverPid: receiver.pid,
      };
      if (arm.receiverStopped) receiver.pause();
      let load: LoadResult;
      try {
        load = await runChild<LoadResult>('loadgen.js', config);
      } finally {
        if (arm.receiverStopped) receiver.resume();
      }
      if (!arm.osc || arm.receiverStopped) return { load, tally: null };
      const { out, got } = await settledCounts(relay.port, receiver);
      return { load, tally: tallyOf(out, got, load.seen) };
    } finally {
      await relay.stop();
    }
  } finally {
    await receiver.stop();
  }
}

/** The runs' tallies added up: losses are rare events, best counted over every run. */
function sumTallies(tallies: OscTally[]): OscTally | null {
  const [first, ...rest] = tallies;
  if (!first) return null;
  const add = <T extends Record<string, number>>(a: T, b: T): T =>
    Object.fromEntries(Object.entries(a).map(([key, value]) => [key, value + b[key]!])) as T;
  return rest.reduce(
    (sum, t) => ({
      sent: add(sum.sent, t.sent),
      received: add(sum.received, t.received),
      receiverDrops: sum.receiverDrops + t.receiverDrops,
      relayErrors: sum.relayErrors + t.relayErrors,
      refreshes: sum.refreshes + t.refreshes,
      malformed: sum.malformed + t.malformed,
      receiveBufferBytes: Math.max(sum.receiveBufferBytes, t.receiveBufferBytes),
    }),
    first,
  );
}

const medianOf = (runs: OscRun[], pick: (load: LoadResult) => number) =>
  median(runs.map((run) => pick(run.load)));

const summarise = (arm: OscArm, phones: number, runs: OscRun[]): OscArmRow => ({
  arm: arm.name,
  osc: arm.osc,
  phones,
  runs: runs.length,
  deliveredPerSecond: medianOf(runs, (r) => r.deliveredPerSecond),
  lostPercent: medianOf(runs, (r) => (100 * Math.max(0, r.lost)) / r.sent),
  latencyMs: {
    p50: medianOf(runs, (r) => r.latencyMs.p50),
    p99: medianOf(runs, (r) => r.latencyMs.p99),
    max: medianOf(runs, (r) => r.latencyMs.max),
  },
  cpuPerMessageUs: medianOf(runs, (r) => r.relayCpuPerMessageUs),
  relayCores: medianOf(runs, (r) => r.relayCores),
  generatorCores: medianOf(runs, (r) => r.generatorCores),
  receiverCores: medianOf(runs, (r) => r.receiverCores ?? NaN),
  relayPreemptionsPerSecond: medianOf(runs, (r) => r.relayPreemptionsPerSecond),
  receiverSleepsPerSecond: medianOf(runs, (r) => r.receiverSleepsPerSecond ?? NaN),
  rssMiB: medianOf(runs, (r) => r.relayRssBytes / 2 ** 20),
  tally: sumTallies(runs.flatMap((run) => (run.tally ? [run.tally] : []))),
});

/**
 * The relay without and with one OSC target, at the same load, the two
 * interleaved in every repeat with the first of them alternating (A B, B A,
 * …), so that drift on a shared machine hurts both alike and neither always
 * runs second.
 */
export async function oscComparison(options: OscOptions): Promise<OscComparison> {
  const runs = new Map<OscArm, OscRun[]>(OSC_ARMS.map((arm) => [arm, []]));
  const cpuRatios: number[] = [];
  const stoppedCpuRatios: number[] = [];
  const [without, withOsc, stopped] = OSC_ARMS;
  for (let repeat = 1; repeat <= options.repeats; repeat += 1) {
    const order = repeat % 2 === 1 ? OSC_ARMS : [...OSC_ARMS].reverse();
    const cpu = new Map<OscArm, number>();
    for (const arm of order) {
      options.log(`  OSC, ${options.phones} phones x ${options.hz} Hz, ${arm.name}, run ${repeat}`);
      const run = await runOnce(arm, options);
      const { tally } = run;
      options.log(
        `    relay CPU ${fmt(run.load.relayCpuPerMessageUs, 1)} µs/msg, p99 ` +
          `${fmt(run.load.latencyMs.p99, 2)} ms, cores ${fmt(run.load.relayCores, 2)} + ` +
          `${fmt(run.load.generatorCores, 2)} + ${fmt(run.load.receiverCores ?? NaN, 2)}, relay ` +
          `preempted ${fmt(run.load.relayPreemptionsPerSecond, 0)}/s, receiver slept ` +
          `${fmt(run.load.receiverSleepsPerSecond ?? NaN, 0)}/s` +
          (tally
            ? `, OSC ${tally.received.messages} of ${tally.sent.messages} messages received, ` +
              `${tally.receiverDrops} datagrams dropped at the receiver`
            : ''),
      );
      cpu.set(arm, run.load.relayCpuPerMessageUs);
      runs.get(arm)!.push(run);
    }
    cpuRatios.push(cpu.get(withOsc!)! / cpu.get(without!)!);
    if (stopped) stoppedCpuRatios.push(cpu.get(stopped)! / cpu.get(without!)!);
  }
  return {
    rows: OSC_ARMS.map((arm) => summarise(arm, options.phones, runs.get(arm)!)),
    cpuRatios,
    cpuRatio: median(cpuRatios),
    stoppedCpuRatios,
    stoppedCpuRatio: median(stoppedCpuRatios),
  };
}
