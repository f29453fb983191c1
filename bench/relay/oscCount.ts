/**
 * Counting the OSC messages in a datagram, by hand: the receiver sees some
 * 30,000 datagrams a second at 1,000 phones, and a full decode with osc-min
 * (tens of µs a bundle) would take a good part of a core from the machine the
 * relay is measured on. Sizes and the first address are all it reads.
 */

/** What one datagram held. */
export interface DatagramCount {
  /** OSC messages, in the bundle and any bundles inside it; 0 when malformed. */
  messages: number;
  /** Part of the relay's refresh (its first message is the count or a user's `active`). */
  refresh: boolean;
  /** Not OSC: an element's size runs past the datagram, or a string has no end. */
  malformed: boolean;
}

const BUNDLE_TAG = '#bundle';
/** `#bundle`, its NUL, and the 8-byte time tag. */
const BUNDLE_HEADER_BYTES = 16;
const MALFORMED: DatagramCount = { messages: 0, refresh: false, malformed: true };

const isBundle = (data: Buffer, start: number, end: number) =>
  end - start >= BUNDLE_HEADER_BYTES &&
  data.toString('latin1', start, start + BUNDLE_TAG.length) === BUNDLE_TAG &&
  data[start + BUNDLE_TAG.length] === 0;

/** The OSC string at `start`, or null when it has no NUL before `end`. */
function stringAt(data: Buffer, start: number, end: number): string | null {
  const nul = data.indexOf(0, start);
  return nul < 0 || nul >= end ? null : data.toString('latin1', start, nul);
}

/**
 * Messages in the packet at `start`..`end` (a message, or a bundle of
 * elements each preceded by its size), and the address of its first message;
 * null when malformed.
 */
function walk(
  data: Buffer,
  start: number,
  end: number,
): { messages: number; first: string } | null {
  if (!isBundle(data, start, end)) {
    const address = stringAt(data, start, end);
    return address === null ? null : { messages: 1, first: address };
  }
  let messages = 0;
  let first = '';
  for (let at = start + BUNDLE_HEADER_BYTES; at < end;) {
    if (at + 4 > end) return null;
    const size = data.readInt32BE(at);
    const elementEnd = at + 4 + size;
    if (size <= 0 || size % 4 !== 0 || elementEnd > end) return null;
    const inner = walk(data, at + 4, elementEnd);
    if (inner === null) return null;
    if (messages === 0) first = inner.first;
    messages += inner.messages;
    at = elementEnd;
  }
  return { messages, first };
}

/**
 * Whether a datagram whose first message has this address belongs to the
 * refresh (PROTOCOL.md, OSC): the refresh's first bundle starts with
 * `/crowdstick/count` and each later one with a user's `/crowdstick/SLOT/active`,
 * while an event's bundle starts with `connect`, `delete` or the value itself
 * (a connect's `active` comes second).
 */
export const isRefreshAddress = (address: string) =>
  address === '/crowdstick/count' || /^\/crowdstick\/\d+\/active$/.test(address);

/** Counts the OSC messages in one datagram and tells a refresh's from an event's. */
export function countDatagram(datagram: Buffer): DatagramCount {
  const found = walk(datagram, 0, datagram.length);
  if (found === null) return MALFORMED;
  return { messages: found.messages, refresh: isRefreshAddress(found.first), malformed: false };
}
