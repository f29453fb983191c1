/**
 * OSC 1.0 encoding of our bundles, by hand. osc-min (see oscDecode.ts) took
 * some 28 µs to encode an update's bundle of four messages (Node 20), more
 * than the relay's whole CPU budget for an inbound message (20 µs,
 * bench/targets.ts), for one output; this takes under 2. Our bundles carry
 * only `i` and `f` arguments and ASCII addresses, a few Buffer writes; the
 * tests check every byte against osc-min's own encoding.
 */
import { bundleBytes, messageBytes, type OscMessage } from './oscAddresses.js';

/**
 * "Immediately" (OSC 1.0): a receiver such as liblo holds a bundle whose time
 * tag is in the future, and the relay's clock is not the receiver's.
 */
const IMMEDIATELY_SECONDS = 0;
const IMMEDIATELY_FRACTION = 1;

/** Writes an OSC string (the text, a NUL, NULs up to a multiple of 4) and returns the next offset. */
function writeString(into: Buffer, ascii: string, offset: number): number {
  const padded = (ascii.length & ~3) + 4;
  into.write(ascii, offset, 'latin1');
  into.fill(0, offset + ascii.length, offset + padded);
  return offset + padded;
}

/**
 * One bundle of these messages, as the datagram to send. Throws (a RangeError)
 * only for an `i` argument outside int32, which the caller counts.
 */
export function encodeBundle(messages: readonly OscMessage[]): Buffer {
  const datagram = Buffer.allocUnsafe(bundleBytes(messages));
  let offset = writeString(datagram, '#bundle', 0);
  offset = datagram.writeUInt32BE(IMMEDIATELY_SECONDS, offset);
  offset = datagram.writeUInt32BE(IMMEDIATELY_FRACTION, offset);
  for (const message of messages) {
    offset = datagram.writeInt32BE(messageBytes(message), offset);
    offset = writeString(datagram, message.address, offset);
    let tags = ',';
    for (const arg of message.args) tags += arg.type === 'integer' ? 'i' : 'f';
    offset = writeString(datagram, tags, offset);
    for (const arg of message.args) {
      offset =
        arg.type === 'integer'
          ? datagram.writeInt32BE(arg.value, offset)
          : datagram.writeFloatBE(arg.value, offset);
    }
  }
  return datagram;
}

/** `#bundle`, NUL, and the time tag, for the datagram that carries several events' bundles. */
const OUTER_HEADER_BYTES = 16;

/**
 * Packs encoded bundles into datagrams of at most `maxBytes`, in order: a lone
 * bundle goes as it is; several go as the elements of one outer bundle (OSC
 * 1.0 lets a bundle hold bundles), so each event stays a bundle of its own
 * while the crowd's events of one moment cost one send. A bundle too big to
 * share a datagram goes alone.
 */
export function* packBundles(bundles: readonly Buffer[], maxBytes: number): Generator<Buffer[]> {
  let current: Buffer[] = [];
  let bytes = OUTER_HEADER_BYTES;
  for (const bundle of bundles) {
    const element = 4 + bundle.length;
    if (current.length > 0 && bytes + element > maxBytes) {
      yield current;
      current = [];
      bytes = OUTER_HEADER_BYTES;
    }
    current.push(bundle);
    bytes += element;
  }
  if (current.length > 0) yield current;
}

/** The datagram for `bundles` (from packBundles): the bundle itself, or an outer bundle of them. */
export function datagramOf(bundles: readonly Buffer[]): Buffer {
  if (bundles.length === 1) return bundles[0]!;
  let size = OUTER_HEADER_BYTES;
  for (const bundle of bundles) size += 4 + bundle.length;
  const datagram = Buffer.allocUnsafe(size);
  let offset = writeString(datagram, '#bundle', 0);
  offset = datagram.writeUInt32BE(IMMEDIATELY_SECONDS, offset);
  offset = datagram.writeUInt32BE(IMMEDIATELY_FRACTION, offset);
  for (const bundle of bundles) {
    offset = datagram.writeInt32BE(bundle.length, offset);
    offset += bundle.copy(datagram, offset);
  }
  return datagram;
}
