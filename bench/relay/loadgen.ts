/**
 * The load generator, run in a process of its own: N phones at R Hz and one
 * or more installations, all real WebSocket clients, on one clock. Prints one
 * JSON line with what it measured. Usage: node loadgen.js '<LoadConfig JSON>'
 */
import { performance } from 'node:perf_hooks';
import { WebSocket } from 'ws';
import { cpuSeconds, rssBytes } from './procStats.js';
import { decodeSeq, encodeSeq } from './seqCodec.js';
import { spread, type Spread } from '../stats.js';
import type { RelayKind } from './spawnRelay.js';

export interface LoadConfig {
  relay: RelayKind;
  port: number;
  relayPid: number;
  phones: number;
  hz: number;
  seconds: number;
  installations: number;
  /** Frames per second for a batched installation; plain when absent. */
  batch?: number;
}

export interface LoadResult {
  sent: number;
  /** Updates that reached the first installation (in batched mode: states in frames). */
  delivered: number;
  deliveredPerSecond: number;
  /** Sent updates the first installation never saw (batched mode coalesces on purpose). */
  lost: number;
  latencyMs: Spread;
  relayCpuSeconds: number;
  relayCpuPerMessageUs: number;
  relayRssBytes: number;
}

const config = JSON.parse(process.argv[2] ?? '{}') as LoadConfig;
const base = `ws://127.0.0.1:${config.port}`;
const phoneUrl = config.relay === 'crowdstick' ? `${base}/ws` : `${base}/`;
const installationUrl = config.batch ? `${base}/?batch=${config.batch}` : `${base}/`;

const open = (url: string) =>
  new Promise<WebSocket>((resolve, reject) => {
    const socket = new WebSocket(url, { perMessageDeflate: false });
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Send times per phone, indexed by message number. */
const sendTimes: number[][] = [];
const phoneOfId = new Map<number, number>();
const latencies: number[] = [];
let connectsSeen = 0;
let delivered = 0;

function onState(id: number, x: number, y: number, now: number): void {
  const phone = phoneOfId.get(id);
  if (phone === undefined) return;
  const sentAt = sendTimes[phone]?.[decodeSeq(x, y)];
  if (sentAt === undefined) return;
  delivered += 1;
  latencies.push(now - sentAt);
}

function onInstallationFrame(text: string): void {
  const now = performance.now();
  const message = JSON.parse(text) as Record<string, unknown>;
  if (message.type === 'connect') connectsSeen += 1;
  else if (message.type === 'update') {
    onState(message.sliderId as number, message.x as number, message.y as number, now);
  } else if (message.type === 'frame' && Array.isArray(message.users)) {
    for (const user of message.users as Array<Record<string, unknown>>) {
      if (typeof user.x === 'number' && typeof user.y === 'number') {
        onState(user.sliderId as number, user.x, user.y, now);
      }
    }
  }
}

async function until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const end = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
    await wait(20);
  }
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
    sendTimes.push([]);
    phone.send(JSON.stringify({ type: 'connect', sliderId: id }));
  });
  await until(() => connectsSeen >= config.phones, 30_000, 'every connect at the installation');

  const periodMs = 1000 / config.hz;
  const timers: NodeJS.Timeout[] = [];
  let sent = 0;
  const cpuBefore = cpuSeconds(config.relayPid);
  phones.forEach((phone, index) => {
    let seq = 0;
    const sendOne = () => {
      const { x, y } = encodeSeq(seq);
      sendTimes[index]![seq] = performance.now();
      seq += 1;
      sent += 1;
      phone.send(
        `{"type":"update","sliderId":${index + 1},"x":${x},"y":${y},"speed":50,"angle":90}`,
      );
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

  await wait(config.seconds * 1000);
  // Node's clearTimeout clears intervals too.
  timers.forEach((timer) => clearTimeout(timer));
  // Let what is in flight arrive: until nothing new for 300 ms, at most 3 s.
  let last = -1;
  const drainEnd = performance.now() + 3000;
  while (delivered !== last && performance.now() < drainEnd) {
    last = delivered;
    await wait(300);
  }
  const relayCpuSeconds = cpuSeconds(config.relayPid) - cpuBefore;
  const relayRss = rssBytes(config.relayPid);

  const result: LoadResult = {
    sent,
    delivered,
    deliveredPerSecond: delivered / config.seconds,
    lost: sent - delivered,
    latencyMs: spread(latencies),
    relayCpuSeconds,
    relayCpuPerMessageUs: (relayCpuSeconds / sent) * 1e6,
    relayRssBytes: relayRss,
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
