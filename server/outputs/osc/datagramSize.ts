/**
 * How big a datagram each target gets. Across a network, 1,200 bytes
 * (MAX_DATAGRAM_BYTES) is never fragmented. On loopback nothing fragments,
 * and what costs is the datagram itself: the kernel delivers each one and
 * wakes the receiver inside the relay's send, so fewer, fuller datagrams
 * leave the relay's thread more time (docs/BENCHMARKS.md, OSC output). The
 * limit there is the receiver's own buffer: oscpack (openFrameworks' ofxOsc
 * and many C++ receivers) reads at most 4,098 bytes a datagram and cuts off
 * the rest, liblo 32 KiB; 4,096 suits all of them.
 */
import { isIPv4 } from 'node:net';
import { MAX_DATAGRAM_BYTES } from './oscAddresses.js';
import type { OscAddress } from './oscOptions.js';

export const LOOPBACK_DATAGRAM_BYTES = 4096;

/** `localhost`, 127.0.0.0/8 or `::1`: a receiver on this machine, as the command line names it. */
export function isLoopbackHost(host: string): boolean {
  const name = host.toLowerCase();
  if (name === 'localhost' || name.endsWith('.localhost')) return true;
  if (isIPv4(name)) return name.startsWith('127.');
  return name === '::1' || name === '0:0:0:0:0:0:0:1';
}

/** The largest datagram the events' bundles are packed into for `target`. */
export const datagramBytesFor = (target: OscAddress): number =>
  isLoopbackHost(target.host) ? LOOPBACK_DATAGRAM_BYTES : MAX_DATAGRAM_BYTES;
