/**
 * Writes events' bundles straight into the datagrams that carry them, so an
 * event costs one write and no copy: the datagram is an outer bundle (OSC 1.0
 * lets a bundle hold bundles) whose elements are the events' own bundles, and
 * a datagram that ends up holding one event goes as that event's bundle alone.
 */

/** `#bundle`, NUL, and the time tag, for the datagram that carries several events' bundles. */
export const OUTER_HEADER_BYTES = 16;
/** The size that precedes each element of a bundle. */
const ELEMENT_SIZE_BYTES = 4;
const FIRST_ELEMENT = OUTER_HEADER_BYTES + ELEMENT_SIZE_BYTES;

/**
 * The `#bundle` header with the time tag "immediately" (OSC 1.0): a receiver
 * such as liblo holds a bundle whose time tag is in the future, and the
 * relay's clock is not the receiver's.
 */
export const BUNDLE_HEADER = Buffer.from([
  ...Buffer.from('#bundle\0', 'latin1'),
  0,
  0,
  0,
  0,
  0,
  0,
  0,
  1,
]);

/** Where a finished datagram goes, with the bundles and OSC messages it carries. */
export type DatagramSink = (datagram: Buffer, bundles: number, messages: number) => void;

export interface DatagramWriter {
  /**
   * Room for one bundle of `bytes` carrying `messages` messages, in the
   * datagram being filled (a full one is handed to the sink first): write the
   * bundle into `buffer()` at the offset returned, before the next call.
   */
  reserve(bytes: number, messages: number): number;
  /** The buffer the last `reserve` gave room in. */
  buffer(): Buffer;
  /** Hands the datagram being filled, if any, to the sink. */
  flush(): void;
  /**
   * When the datagram being filled got its first bundle, by `now`; null when
   * none is being filled. The output sends it once that bundle has waited long
   * enough (oscOutput.ts, GATHER_MS).
   */
  openedAt(): number | null;
}

/**
 * A writer of datagrams of at most `maxBytes`; a bundle too big to share one
 * goes alone. `now` is the clock `openedAt` reads.
 */
export function createDatagramWriter(
  maxBytes: number,
  sink: DatagramSink,
  now: () => number = () => performance.now(),
): DatagramWriter {
  let current: Buffer | null = null;
  let offset = 0;
  let bundles = 0;
  let messages = 0;
  let opened = 0;

  const start = (room: number) => {
    current = Buffer.allocUnsafe(Math.max(maxBytes, FIRST_ELEMENT + room));
    BUNDLE_HEADER.copy(current, 0);
    offset = OUTER_HEADER_BYTES;
    bundles = 0;
    messages = 0;
    opened = now();
  };

  const flush = () => {
    const full = current;
    if (!full || bundles === 0) return;
    current = null;
    // One event alone needs no outer bundle: it goes as its own.
    const datagram =
      bundles === 1 ? full.subarray(FIRST_ELEMENT, offset) : full.subarray(0, offset);
    sink(datagram, bundles, messages);
  };

  return {
    reserve(bytes, count) {
      if (current && offset + ELEMENT_SIZE_BYTES + bytes > maxBytes) flush();
      if (!current) start(bytes);
      const into = current!;
      offset = into.writeInt32BE(bytes, offset);
      const at = offset;
      offset += bytes;
      bundles += 1;
      messages += count;
      return at;
    },
    buffer: () => current!,
    flush,
    openedAt: () => (current && bundles > 0 ? opened : null),
  };
}
