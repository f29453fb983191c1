/**
 * OSC decoding, through the one OSC library the relay uses.
 *
 * osc-min, of the three well-kept ones (osc, osc-min, node-osc): it only
 * encodes and decodes, so the relay owns its sockets and how their errors
 * surface; it has no dependencies and ships its own types; and it decodes
 * every argument with its type, which `/crowdstick/send` needs (`i` slot
 * against `s` "all", `s`/`i`/`f` data, anything else refused). osc (osc.js)
 * pins its own copy of ws and an optional native serialport for transports we
 * do not use, and its UDP port is IPv4 only; node-osc decodes arguments
 * without their types (3 and 3.0 look alike). Its encoder is too slow for
 * the output's hot path: see oscEncode.ts.
 */
import { fromBuffer, type OscMessageOutput } from 'osc-min';

export type { OscMessageOutput as DecodedMessage } from 'osc-min';

/** What a datagram held: its messages, and how many of its parts could not be read. */
export interface DecodedPacket {
  messages: OscMessageOutput[];
  /** A packet that is not OSC counts 1; so does each unreadable element of a bundle. */
  broken: number;
}

const BUNDLE_TAG = Buffer.from('#bundle\0', 'latin1');
/** `#bundle`, NUL, and the 8-byte time tag. */
const BUNDLE_HEADER_BYTES = 16;
/** Deeper bundles count as broken: senders do not nest so deep, and the walk stays bounded. */
const MAX_BUNDLE_DEPTH = 8;

/**
 * Reads a datagram, never throwing. Bundles are walked here rather than by
 * osc-min, which skips a bundle's unreadable elements silently: here each is
 * counted. Time tags are ignored; every message is acted on at once.
 */
export function decodePacket(packet: Uint8Array): DecodedPacket {
  const decoded: DecodedPacket = { messages: [], broken: 0 };
  walk(Buffer.from(packet.buffer, packet.byteOffset, packet.byteLength), 0, decoded);
  return decoded;
}

function walk(packet: Buffer, depth: number, into: DecodedPacket): void {
  if (!packet.subarray(0, BUNDLE_TAG.length).equals(BUNDLE_TAG)) {
    try {
      const message = fromBuffer(packet);
      if (message.oscType === 'message') into.messages.push(message);
      else into.broken += 1;
    } catch {
      into.broken += 1;
    }
    return;
  }
  if (depth >= MAX_BUNDLE_DEPTH || packet.length < BUNDLE_HEADER_BYTES) {
    into.broken += 1;
    return;
  }
  let offset = BUNDLE_HEADER_BYTES;
  while (offset < packet.length) {
    const size = offset + 4 <= packet.length ? packet.readInt32BE(offset) : -1;
    if (size <= 0 || size % 4 !== 0 || offset + 4 + size > packet.length) {
      // The sizes no longer line up, so the rest cannot be read: it counts once.
      into.broken += 1;
      return;
    }
    walk(packet.subarray(offset + 4, offset + 4 + size), depth + 1, into);
    offset += 4 + size;
  }
}
