/**
 * Connects N phones that say `connect` and then nothing, and prints the
 * relay's resident memory as they come in: the cost of an idle phone.
 * Usage: node idleMemory.js '{"port":N,"relayPid":P,"phones":N}'
 */
import { WebSocket } from 'ws';
import { rssBytes } from './procStats.js';

const { port, relayPid, phones } = JSON.parse(process.argv[2] ?? '{}') as {
  port: number;
  relayPid: number;
  phones: number;
};

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
const settle = () => new Promise((resolve) => setTimeout(resolve, 2000));

/**
 * Two halves: the first warms the process up (heap, young generation, socket
 * pools), and the cost per phone is the growth over the second half.
 */
async function main(): Promise<void> {
  const half = Math.floor(phones / 2);
  const before = rssBytes(relayPid);
  const sockets = await openPhones(1, half);
  await settle();
  const atHalf = rssBytes(relayPid);
  sockets.push(...(await openPhones(half + 1, 2 * half)));
  await settle();
  const after = rssBytes(relayPid);
  sockets.forEach((socket) => socket.terminate());
  console.log(
    JSON.stringify({
      before,
      atHalf,
      after,
      perPhoneBytes: (after - atHalf) / half,
      perPhoneFromStartBytes: (after - before) / (2 * half),
    }),
  );
}

main().then(
  () => process.exit(0),
  (error: Error) => {
    console.error(`idleMemory: ${error.message}`);
    process.exit(1);
  },
);
