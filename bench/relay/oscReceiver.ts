/**
 * The OSC scenario's loopback receiver, run in a process of its own (forked,
 * with an IPC channel) so that its CPU is neither the relay's nor the
 * generator's: a UDP socket on 127.0.0.1 with the system's default receive
 * buffer, as an installation's OSC input has it, counting what arrives. It
 * sends `{ port }` once bound, and its counts whenever it is sent `'count'`.
 */
import { createSocket } from 'node:dgram';
import { countDatagram } from './oscCount.js';
import { udpDrops } from './udpDrops.js';

/** What the receiver has had so far. */
export interface ReceiverCounts {
  datagrams: number;
  messages: number;
  /** Of those, the datagrams and messages of the relay's refresh. */
  refreshDatagrams: number;
  refreshMessages: number;
  /** Datagrams that were not OSC. */
  malformed: number;
  /** Datagrams the kernel dropped because this socket's receive buffer was full. */
  drops: number;
  /** The receive buffer the socket had, in bytes (the kernel's accounting, headers included). */
  receiveBufferBytes: number;
}

/** What the receiver says over its IPC channel. */
export type ReceiverReport = { port: number } | { counts: ReceiverCounts };

const counts: ReceiverCounts = {
  datagrams: 0,
  messages: 0,
  refreshDatagrams: 0,
  refreshMessages: 0,
  malformed: 0,
  drops: 0,
  receiveBufferBytes: 0,
};
const socket = createSocket('udp4');
const say = (report: ReceiverReport) => process.send?.(report);

socket.on('message', (datagram) => {
  const found = countDatagram(datagram);
  counts.datagrams += 1;
  counts.messages += found.messages;
  if (found.malformed) counts.malformed += 1;
  if (found.refresh) {
    counts.refreshDatagrams += 1;
    counts.refreshMessages += found.messages;
  }
});
socket.bind(0, '127.0.0.1', () => {
  counts.receiveBufferBytes = socket.getRecvBufferSize();
  say({ port: socket.address().port });
});
process.on('message', (request) => {
  if (request !== 'count') return;
  say({ counts: { ...counts, drops: udpDrops(socket.address().port) } });
});
// The bench closes the channel when it is done, or dies: either way, so does the receiver.
process.on('disconnect', () => process.exit(0));
