/**
 * OSC 1.0 encoding of our bundles, by hand. osc-min (see oscDecode.ts) took
 * some 28 µs to encode an update's bundle of four messages (Node 20), more
 * than the relay's whole CPU budget for an inbound message (20 µs,
 * bench/targets.ts), for one output; this takes under 2, and an update's
 * bundle from its template (updateTemplate.ts) well under 1. Our bundles carry
 * only `i` and `f` arguments and ASCII addresses, a few Buffer writes; the
 * tests check every byte against osc-min's own encoding.
 */
import { bundleBytes, messageBytes, type OscMessage } from './oscAddresses.js';
import { BUNDLE_HEADER } from './datagramWriter.js';

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

/** Writes an OSC string (the text, a NUL, NULs up to a multiple of 4) and returns the next offset. */
function writeString(into: Buffer, ascii: string, offset: number): number {
  const padded = (ascii.length & ~3) + 4;
  into.write(ascii, offset, 'latin1');
  into.fill(0, offset + ascii.length, offset + padded);
  return offset + padded;
}

/**
 * Throws a RangeError, which the caller counts, for an `i` argument outside
 * int32; checked before anything is written, so that a bad event leaves no
 * half-written bundle behind in a shared datagram.
 */
export function checkBundle(messages: readonly OscMessage[]): void {
  for (const message of messages) {
    for (const arg of message.args) {
      if (arg.type === 'integer' && (arg.value < INT32_MIN || arg.value > INT32_MAX)) {
        throw new RangeError(`${arg.value} is outside int32 (${message.address})`);
      }
    }
  }
}

/** Writes the bundle of these messages (checked, `checkBundle`) at `offset`, `bundleBytes` of them. */
export function writeBundle(messages: readonly OscMessage[], into: Buffer, offset: number): void {
  offset += BUNDLE_HEADER.copy(into, offset);
  for (const message of messages) {
    offset = into.writeInt32BE(messageBytes(message), offset);
    offset = writeString(into, message.address, offset);
    let tags = ',';
    for (const arg of message.args) tags += arg.type === 'integer' ? 'i' : 'f';
    offset = writeString(into, tags, offset);
    for (const arg of message.args) {
      offset =
        arg.type === 'integer'
          ? into.writeInt32BE(arg.value, offset)
          : into.writeFloatBE(arg.value, offset);
    }
  }
}

/**
 * One bundle of these messages, as the datagram to send. Throws (a RangeError)
 * only for an `i` argument outside int32, which the caller counts.
 */
export function encodeBundle(messages: readonly OscMessage[]): Buffer {
  checkBundle(messages);
  const datagram = Buffer.allocUnsafe(bundleBytes(messages));
  writeBundle(messages, datagram, 0);
  return datagram;
}
