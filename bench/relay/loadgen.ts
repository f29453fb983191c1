/**
 * The load generator, run in a process of its own: N phones at R Hz and one
 * or more installations, all real WebSocket clients, on one clock. Phones play
 * for a warm-up first (a fresh relay runs its code unoptimised and falls
 * behind until Node has compiled it, and a whole crowd starting in one instant
 * is no steady state), then for the measured seconds. Prints one JSON line
 * with what each stretch showed. Usage: node loadgen.js '<LoadConfig JSON>'
 */
import { performance } from 'node:perf_hooks';
import type { WebSocket } from 'ws';
import { readInstallationFrame } from './installationFeed.js';
import { contextSwitches, cpuSeconds, readStat, rssBytes, totalCpuSeconds } from './procStats.js';
import { decodeSeq, numberedUpdate } from './seqCodec.js';
import { openSocket as open, until, wait } from './sockets.js';
import { Stretch } from './stretch.js';
import type { Spread } from '../stats.js';
import type { RelayKind } from './spawnRelay.js';

export interface LoadConfig {
  relay: RelayKind;
  port: number;
  relayPid: number;
  phones: number;
  hz: number;
  /** Seconds measured, after the warm-up. */
  seconds: number;
  /** Seconds the phones play before measuring starts; reported apart. */
  warmupSeconds: number;
  installations: number;
  /** Frames per second for a batched installation; plain when absent. */
  batch?: number;
  /** A third process whose CPU is read with the relay's (the OSC scenario's receiver). */
  receiverPid?: number;
  /** The relay's processes when it has more than one (a primary, then its workers): CPU and memory are their sum. */
  relayPids?: number[];
}

export interface LoadResult {
  /** Updates sent in the measured seconds. */
  sent: number;
  /** Of those, the ones that reached the first installation (in batched mode: states in frames). */
  delivered: number;
  deliveredPerSecond: number;
  /** Sent updates the first installation never saw (batched mode coalesces on purpose). */
  lost: number;
  latencyMs: Spread;
  /** Latency of the updates sent during the warm-up, the relay's cold start. */
  warmupLatencyMs: Spread;
  relayCpuSeconds: number;
  relayCpuPerMessageUs: number;
  /** CPU cores busy, on average while the measured updates were sent: the relay, and this generator. */
  relayCores: number;
  generatorCores: number;
  /** The same for the process given as `receiverPid`; absent without one. */
  receiverCores?: number;
  /** Times a second, while sending, the kernel preempted the relay's thread for another task. */
  relayPreemptionsPerSecond: number;
  /** Times a second, while sending, the receiver went to sleep and had to be woken; absent without one. */
  receiverSleepsPerSecond?: number;
  relayRssBytes: number;
  /** With `relayPids`: each one's cores while sending, in their order. */
  relayProcessCores?: number[];
  /** Phones whose own `delete`, sent at the end, never reached the first installation. */
  deletesLost: number;
  /** Everything the first installation got in the whole run, warm-up and end included. */
  seen: { connects: number; updates: number; deletes: number };
}

const config = JSON.parse(process.argv[2] ?? '{}') as LoadConfig;
const base = `ws://127.0.0.1:${config.port}`;
const phoneUrl = config.relay === 'crowdstick' ? `${base}/ws` : `${base}/`;
const installationUrl = config.batch ? `${base}/?batch=${config.batch}` : `${base}/`;

/** How long the deletes may take: a relay that fell far behind (the baseline) may never deliver them. */
const DELETE_WAIT_MS = 5000;

/** Sends a phone makes at most: the timers cannot fire faster than their period. */
const sendsPerPhone = Math.ceil((config.warmupSeconds + config.seconds) * config.hz * 1.5) + 10;
/** Send times per phone, indexed by message number; NaN for a number not sent. */
const sendTimes: Float64Array[] = [];
const phoneOfId = new Map<number, number>();
const relayPids = config.relayPids ?? [config.relayPid];
const perStretch = (seconds: number) => config.phones * config.hz * seconds * 1.1;
const warmup = new Stretch(perStretch(config.warmupSeconds));
const measured = new Stretch(perStretch(config.seconds));
/** When the measured seconds begin; sends before it belong to the warm-up. */
let measureFrom = Infinity;
let connectsSeen = 0;
let updatesSeen = 0;
let deletesSeen = 0;

function onState(id: number, x: number, y: number, now: number): void {
  const phone = phoneOfId.get(id);
  if (phone === undefined) return;
  const sentAt = sendTimes[phone]![decodeSeq(x, y)];
  if (sentAt === undefined || Number.isNaN(sentAt)) return;
  (sentAt < measureFrom ? warmup : measured).addLatency(now - sentAt);
}

function onInstallationFrame(text: string): void {
  const now = performance.now();
  readInstallationFrame(text, {
    connect: () => (connectsSeen += 1),
    delete: () => (deletesSeen += 1),
    state: (id, x, y) => {
      updatesSeen += 1;
      onState(id, x, y, now);
    },
  });
}

async function main(): Promise<void> {
  const installations = await Promise.all(
    Array.from({ length: config.installations }, () => open(installationUrl)),
  );
  installations[0]!.on('message', (data) => onInstallationFrame(data.toString()));

  const phones: WebSocket[] = [];
  for (let i = 0; i < config.phones; i += 50) {
    const batch = Math.min(50, config.phones - i);
    phones.push(...(await Promise.all(Array.from({ length: batch }, () => open(phoneUrl)))));
  }
  phones.forEach((phone, index) => {
    const id = index + 1;
    phoneOfId.set(id, index);
    sendTimes.push(new Float64Array(sendsPerPhone).fill(NaN));
    phone.send(JSON.stringify({ type: 'connect', sliderId: id }));
  });
  if (!(await until(() => connectsSeen >= config.phones, 30_000))) {
    throw new Error(`only ${connectsSeen} of ${config.phones} connects reached the installation`);
  }

  const periodMs = 1000 / config.hz;
  const timers: NodeJS.Timeout[] = [];
  phones.forEach((phone, index) => {
    const times = sendTimes[index]!;
    let seq = 0;
    const sendOne = () => {
      if (seq >= times.length) return;
      const now = performance.now();
      times[seq] = now;
      if (now < measureFrom) warmup.sent += 1;
      else measured.sent += 1;
      phone.send(numberedUpdate(index + 1, seq));
      seq += 1;
    };
    // Phones spread over the period, as real ones are, instead of all at once.
    const start = setTimeout(
      () => {
        sendOne();
        timers.push(setInterval(sendOne, periodMs));
      },
      (index / config.phones) * periodMs,
    );
    timers.push(start);
  });

  measureFrom = performance.now() + config.warmupSeconds * 1000;
  await wait(measureFrom - performance.now());
  const relayCpuBefore = relayPids.map(readStat);
  const receiverCpuBefore = config.receiverPid ? cpuSeconds(config.receiverPid) : 0;
  const relaySwitchesBefore = contextSwitches(config.relayPid);
  const receiverSwitchesBefore = config.receiverPid ? contextSwitches(config.receiverPid) : null;
  const ownCpuBefore = process.cpuUsage();
  const wallBefore = performance.now();
  await wait(config.seconds * 1000);
  // Node's clearTimeout clears intervals too.
  timers.forEach((timer) => clearTimeout(timer));
  // Cores busy while sending; the drain below would dilute them with idle time.
  const sendingSeconds = (performance.now() - wallBefore) / 1000;
  const relayProcessCores = relayPids.map(
    (pid, at) => (cpuSeconds(pid) - relayCpuBefore[at]!.cpuSeconds) / sendingSeconds,
  );
  const relayCores = relayProcessCores.reduce((sum, cores) => sum + cores, 0);
  const receiverCores = config.receiverPid
    ? (cpuSeconds(config.receiverPid) - receiverCpuBefore) / sendingSeconds
    : undefined;
  const relayPreemptionsPerSecond =
    (contextSwitches(config.relayPid).involuntary - relaySwitchesBefore.involuntary) /
    sendingSeconds;
  const receiverSleepsPerSecond =
    config.receiverPid && receiverSwitchesBefore
      ? (contextSwitches(config.receiverPid).voluntary - receiverSwitchesBefore.voluntary) /
        sendingSeconds
      : undefined;
  const ownCpu = process.cpuUsage(ownCpuBefore);
  const generatorCores = (ownCpu.user + ownCpu.system) / 1e6 / sendingSeconds;
  // Let what is in flight arrive: until nothing new for 300 ms, at most 3 s.
  let last = -1;
  const drainEnd = performance.now() + 3000;
  while (measured.delivered !== last && performance.now() < drainEnd) {
    last = measured.delivered;
    await wait(300);
  }
  const relayCpuSeconds =
    totalCpuSeconds(relayPids.map(readStat)) - totalCpuSeconds(relayCpuBefore);
  const relayRss = relayPids.reduce((sum, pid) => sum + rssBytes(pid), 0);

  // Every phone leaves as the contract says, and each leaving must reach the installation.
  phones.forEach((phone, index) =>
    phone.send(JSON.stringify({ type: 'delete', sliderId: index + 1 })),
  );
  await until(() => deletesSeen >= config.phones, DELETE_WAIT_MS);

  const result: LoadResult = {
    sent: measured.sent,
    delivered: measured.delivered,
    deliveredPerSecond: measured.delivered / config.seconds,
    lost: measured.sent - measured.delivered,
    latencyMs: measured.latency(),
    warmupLatencyMs: warmup.latency(),
    relayCpuSeconds,
    relayCpuPerMessageUs: (relayCpuSeconds / measured.sent) * 1e6,
    relayCores,
    generatorCores,
    receiverCores,
    relayPreemptionsPerSecond,
    receiverSleepsPerSecond,
    relayRssBytes: relayRss,
    ...(config.relayPids ? { relayProcessCores } : {}),
    deletesLost: config.phones - deletesSeen,
    seen: { connects: connectsSeen, updates: updatesSeen, deletes: deletesSeen },
  };
  for (const socket of [...phones, ...installations]) socket.terminate();
  console.log(JSON.stringify(result));
}

main().then(
  () => process.exit(0),
  (error: Error) => {
    console.error(`loadgen: ${error.message}`);
    process.exit(1);
  },
);
