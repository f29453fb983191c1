/**
 * Connects phones that say `connect` and then nothing, a step at a time, and
 * reads the relay's resident memory after each step: the cost of an idle
 * phone. Usage: node idleMemory.js '{"port":N,"relayPid":P,"phones":N,"steps":S}'
 */
import { WebSocket } from 'ws';
import { rssBytes } from './procStats.js';
import { slope } from '../stats.js';

export interface IdleMemoryConfig {
  port: number;
  relayPid: number;
  phones: number;
  steps: number;
}

export interface IdleMemoryResult {
  /** Relay RSS with no phones, then after each step. */
  readings: Array<{ phones: number; rssBytes: number }>;
  /** The least-squares slope of RSS over phones, from the first step on. */
  perPhoneBytes: number;
  /** All the growth from the empty relay, shared by every phone. */
  perPhoneFromStartBytes: number;
}

const { port, relayPid, phones, steps } = JSON.parse(process.argv[2] ?? '{}') as IdleMemoryConfig;

const open = (id: number) =>
  new Promise<WebSocket>((resolve, reject) => {
    const socket = new WebSocket(`ws://127.0.0.1:${port}/ws`, { perMessageDeflate: false });
    socket.once('open', () => {
      socket.send(JSON.stringify({ type: 'connect', sliderId: id }));
      resolve(socket);
    });
    socket.once('error', reject);
  });

/** Opens phones `first` ..= `last`, fifty at a time, as a crowd arriving would. */
async function openPhones(first: number, last: number): Promise<WebSocket[]> {
  const sockets: WebSocket[] = [];
  for (let id = first; id <= last; id += 50) {
    const ids = Array.from({ length: Math.min(50, last - id + 1) }, (_, k) => id + k);
    sockets.push(...(await Promise.all(ids.map(open))));
  }
  return sockets;
}

/** Let the relay settle, so the reading is not taken mid-handshake. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 1500));

/**
 * The first step also pays for one-off growth (the heap, the young generation,
 * socket pools), which a two-point difference would charge to some phones and
 * not others; the slope over every later reading spreads it fairly and shrugs
 * off the heap's growth in steps.
 */
async function main(): Promise<void> {
  const perStep = Math.floor(phones / steps);
  const readings = [{ phones: 0, rssBytes: rssBytes(relayPid) }];
  const sockets: WebSocket[] = [];
  for (let step = 1; step <= steps; step += 1) {
    sockets.push(...(await openPhones(sockets.length + 1, step * perStep)));
    await settle();
    readings.push({ phones: sockets.length, rssBytes: rssBytes(relayPid) });
  }
  sockets.forEach((socket) => socket.terminate());
  const last = readings.at(-1)!;
  const result: IdleMemoryResult = {
    readings,
    perPhoneBytes: slope(readings.slice(1).map((r) => ({ x: r.phones, y: r.rssBytes }))),
    perPhoneFromStartBytes: (last.rssBytes - readings[0]!.rssBytes) / last.phones,
  };
  console.log(JSON.stringify(result));
}

main().then(
  () => process.exit(0),
  (error: Error) => {
    console.error(`idleMemory: ${error.message}`);
    process.exit(1);
  },
);
