/**
 * The burst's load generator, run in a process of its own: one installation,
 * then N phones that open their sockets spread evenly over a second or so (a
 * crowd scanning the QR code as the show starts), each saying `connect` once
 * open and then sending updates at R Hz, until every connect has reached the
 * installation. Prints one JSON line. Usage: node burstgen.js '<BurstConfig JSON>'
 */
import { performance } from 'node:perf_hooks';
import { WebSocket } from 'ws';
import { readInstallationFrame } from './installationFeed.js';
import { cpuSeconds } from './procStats.js';
import { decodeSeq, numberedUpdate } from './seqCodec.js';
import { openSocket, until, wait } from './sockets.js';
import { Stretch } from './stretch.js';
import { spread, type Spread } from '../stats.js';

export interface BurstConfig {
  port: number;
  relayPid: number;
  phones: number;
  /** Seconds over which the phones' first attempts are spread, evenly. */
  arrivalSeconds: number;
  hz: number;
  /** Opens slower than this are counted: a SYN the kernel dropped is sent again after 1 s. */
  slowOpenMs: number;
}

export interface BurstResult {
  /** Phones whose connect reached the installation, each counted once. */
  connected: number;
  /** From the first phone's attempt until the last phone's connect reached the installation. */
  allConnectedMs: number;
  /** From the first phone's attempt to the last one's: the arrival as this generator managed it. */
  arrivalSpreadMs: number;
  /** Phones whose socket took longer than `slowOpenMs` to open (TCP and WebSocket handshake). */
  slowOpens: number;
  openMs: Spread;
  /** Updates sent before every connect had arrived, and of those, the ones that arrived too. */
  sent: number;
  delivered: number;
  /** Phone send → installation receive, of the updates sent during the burst. */
  latencyMs: Spread;
  /** CPU cores busy on average during the burst: the relay, and this generator. */
  relayCores: number;
  generatorCores: number;
}

const config = JSON.parse(process.argv[2] ?? '{}') as BurstConfig;
const base = `ws://127.0.0.1:${config.port}`;
/** How long the connects may take in all; a burst that takes longer has failed. */
const CONNECT_WAIT_MS = config.arrivalSeconds * 1000 + 30_000;
/** Sends a phone makes at most before the wait runs out: timers fire no faster than their period. */
const sendsPerPhone = Math.ceil((config.hz * CONNECT_WAIT_MS) / 1000) + 2;

const phones: WebSocket[] = [];
/** Send times per phone, indexed by message number; NaN for a number not sent. */
const sendTimes = Array.from({ length: config.phones }, () =>
  new Float64Array(sendsPerPhone).fill(NaN),
);
const openMs = new Float64Array(config.phones).fill(NaN);
const connected = new Uint8Array(config.phones);
const burst = new Stretch(config.phones * config.hz * (config.arrivalSeconds + 1));
const timers: NodeJS.Timeout[] = [];
let firstAttemptAt = NaN;
let lastAttemptAt = NaN;
let connectsSeen = 0;
let allConnectedAt = NaN;
let firstFailure = '';
/** CPU seconds used when the burst began, and when it was over. */
const cpuAt = {
  relayStart: 0,
  ownStart: process.cpuUsage(),
  relayEnd: 0,
  ownEnd: { user: 0, system: 0 },
};

function onInstallationFrame(text: string): void {
  const now = performance.now();
  readInstallationFrame(text, {
    connect: (id) => {
      // Counted once per phone: a connect repeated or for a phone never opened counts for nothing.
      if (connected[id - 1] !== 0) return;
      connected[id - 1] = 1;
      connectsSeen += 1;
      if (connectsSeen < config.phones) return;
      allConnectedAt = now;
      timers.forEach((timer) => clearTimeout(timer));
      cpuAt.relayEnd = cpuSeconds(config.relayPid);
      cpuAt.ownEnd = process.cpuUsage(cpuAt.ownStart);
    },
    delete: () => {},
    state: (id, x, y) => {
      const sentAt = sendTimes[id - 1]?.[decodeSeq(x, y)];
      if (sentAt !== undefined && !Number.isNaN(sentAt)) burst.addLatency(now - sentAt);
    },
  });
}

/** Once open, a phone says `connect` and plays at the usual rate until the burst is over. */
function play(phone: WebSocket, index: number): void {
  const id = index + 1;
  const times = sendTimes[index]!;
  let seq = 0;
  const sendOne = () => {
    if (!Number.isNaN(allConnectedAt) || seq >= times.length) return;
    times[seq] = performance.now();
    burst.sent += 1;
    phone.send(numberedUpdate(id, seq));
    seq += 1;
  };
  phone.send(JSON.stringify({ type: 'connect', sliderId: id }));
  sendOne();
  timers.push(setInterval(sendOne, 1000 / config.hz));
}

function arrive(index: number): void {
  const attemptAt = performance.now();
  if (Number.isNaN(firstAttemptAt)) {
    firstAttemptAt = attemptAt;
    cpuAt.relayStart = cpuSeconds(config.relayPid);
    cpuAt.ownStart = process.cpuUsage();
  }
  lastAttemptAt = attemptAt;
  const phone = new WebSocket(`${base}/ws`, { perMessageDeflate: false });
  phones.push(phone);
  phone.once('open', () => {
    openMs[index] = performance.now() - attemptAt;
    play(phone, index);
  });
  const fail = (why: string) => {
    if (Number.isNaN(allConnectedAt)) firstFailure ||= `phone ${index + 1} ${why}`;
  };
  phone.once('error', (error) => fail(`failed: ${error.message}`));
  phone.once('close', (code) => fail(`was closed with ${code}`));
}

async function main(): Promise<void> {
  const installation = await openSocket(`${base}/`);
  installation.on('message', (data) => onInstallationFrame(data.toString()));

  const start = performance.now();
  for (let index = 0; index < config.phones; index += 1) {
    const due = (index / config.phones) * config.arrivalSeconds * 1000;
    timers.push(setTimeout(() => arrive(index), start + due - performance.now()));
  }
  const over = () => connectsSeen >= config.phones || firstFailure !== '';
  if (!(await until(over, CONNECT_WAIT_MS)) || connectsSeen < config.phones) {
    const why = firstFailure ? `; ${firstFailure}` : '';
    throw new Error(`only ${connectsSeen} of ${config.phones} connects arrived${why}`);
  }
  // Let the updates in flight arrive: until nothing new for 300 ms, at most 3 s.
  let last = -1;
  const drainEnd = performance.now() + 3000;
  while (burst.delivered !== last && performance.now() < drainEnd) {
    last = burst.delivered;
    await wait(300);
  }

  const opens = Array.from(openMs);
  const burstSeconds = (allConnectedAt - firstAttemptAt) / 1000;
  const result: BurstResult = {
    connected: connectsSeen,
    allConnectedMs: allConnectedAt - firstAttemptAt,
    arrivalSpreadMs: lastAttemptAt - firstAttemptAt,
    slowOpens: opens.filter((ms) => ms > config.slowOpenMs).length,
    openMs: spread(opens),
    sent: burst.sent,
    delivered: burst.delivered,
    latencyMs: burst.latency(),
    relayCores: (cpuAt.relayEnd - cpuAt.relayStart) / burstSeconds,
    generatorCores: (cpuAt.ownEnd.user + cpuAt.ownEnd.system) / 1e6 / burstSeconds,
  };
  for (const socket of [...phones, installation]) socket.terminate();
  console.log(JSON.stringify(result));
}

main().then(
  () => process.exit(0),
  (error: Error) => {
    console.error(`burstgen: ${error.message}`);
    process.exit(1);
  },
);
