import type { PresentUser, SlottedEvent } from './events.js';
import { eventBundle, refreshBundles, type OscMessage } from './oscAddresses.js';
import { datagramOf, encodeBundle, packBundles } from './oscEncode.js';
import { MAX_DATAGRAM_BYTES } from './oscAddresses.js';
import type { OscAddress } from './oscOptions.js';
import { createOscTarget, type OscTargetStats } from './oscTarget.js';

/** What the OSC output needs from the relay. */
export interface OscOutputOptions {
  /**
   * Every present user's latest state, read for each refresh. Its users also
   * correct the count the output keeps from the connects and deletes it is given.
   */
  present(): Iterable<PresentUser>;
  /** Where the first error of each kind, per target, is reported. */
  warn(line: string): void;
  /** How often every target gets the full state; the contract asks for at least once a second. */
  refreshMs?: number;
}

export const DEFAULT_OSC_OUTPUT = Object.freeze({ refreshMs: 1000 });

/**
 * Bundles of a refresh encoded and sent in one go before the output yields to
 * the event loop: a crowd of thousands makes a thousand bundles and more,
 * which at once would hold up phones' messages for many milliseconds.
 */
export const REFRESH_SLICE_BUNDLES = 32;

/**
 * How long a freed slot is repeated as `active` 0 in the refreshes: a
 * receiver that lost the leave's bundle hears of it in the next few, while a
 * slot long free costs nothing.
 */
export const FREED_SLOT_REPEAT_MS = 5000;

/** The output's figures, for `/healthz`. */
export interface OscOutputStats {
  targets: OscTargetStats[];
  /** Refreshes sent in full. */
  refreshes: number;
  /** Events and refreshes that could not be made (a bad value, or `present()` threw), dropped. */
  unencodable: number;
}

/** Sends phone events to OSC receivers over UDP (PROTOCOL.md, OSC). */
export interface OscOutput {
  /** Sends one event as one bundle to every target; never throws, never waits. */
  publish(event: SlottedEvent): void;
  stats(): OscOutputStats;
  /** Stops the refresh and closes every socket. */
  close(): Promise<void>;
}

/**
 * Creates the OSC output for `--osc` targets. Each bundle is encoded once and
 * sent to every target; a target that is down, unreachable or unresolvable
 * only counts its own errors (see oscTarget.ts), and never holds up the
 * others or the relay.
 */
export function createOscOutput(
  targets: readonly OscAddress[],
  options: OscOutputOptions,
): OscOutput {
  const refreshMs = options.refreshMs ?? DEFAULT_OSC_OUTPUT.refreshMs;
  if (!(Number.isFinite(refreshMs) && refreshMs >= 10)) {
    throw new Error(`crowdstick: the OSC refresh must be at least 10 ms, got ${refreshMs}`);
  }
  const { warn } = options;
  const outputs = targets.map((target) => createOscTarget(target, warn));
  // The count the connect and delete bundles carry, kept here so that
  // publishing never walks the crowd; each refresh sets it right again.
  let presentIds = new Set<number>();
  /** Slots freed lately and not taken again, with when, for the refresh's `active` 0. */
  const freedAt = new Map<number, number>();
  let unencodable = 0;
  let refreshes = 0;
  let closed = false;
  let refreshing: Iterator<OscMessage[]> | null = null;
  let slice: NodeJS.Immediate | null = null;

  const failed = (what: string, error: unknown) => {
    unencodable += 1;
    if (unencodable === 1) {
      warn(
        `crowdstick: OSC output could not encode ${what} (${(error as Error)?.message ?? error}); further failures are only counted`,
      );
    }
  };

  const sendBundle = (messages: readonly OscMessage[]) => {
    const datagram = encodeBundle(messages);
    for (const output of outputs) output.send(datagram, messages.length);
  };

  /**
   * Events' bundles, encoded, waiting for the end of this turn of the event
   * loop. A busy relay reads many phones' frames in one turn; sending them
   * in one datagram (each event still its own bundle inside) costs one send,
   * and on loopback one wake-up of the receiver, instead of one per event,
   * while it adds no wait: they go before the relay reads anything else.
   */
  let pending: Buffer[] = [];
  let pendingMessages: number[] = [];
  let flushing: NodeJS.Immediate | null = null;

  const flush = () => {
    flushing = null;
    const bundles = pending;
    const counts = pendingMessages;
    pending = [];
    pendingMessages = [];
    let index = 0;
    for (const group of packBundles(bundles, MAX_DATAGRAM_BYTES)) {
      let messages = 0;
      for (let i = 0; i < group.length; i++) messages += counts[index + i] ?? 0;
      index += group.length;
      const datagram = datagramOf(group);
      for (const output of outputs) output.send(datagram, messages, group.length);
    }
  };

  const queueBundle = (messages: readonly OscMessage[]) => {
    pending.push(encodeBundle(messages));
    pendingMessages.push(messages.length);
    flushing ??= setImmediate(flush);
  };

  const sendSlice = () => {
    slice = null;
    if (closed || !refreshing) return;
    try {
      for (let sent = 0; sent < REFRESH_SLICE_BUNDLES; sent++) {
        const next = refreshing.next();
        if (next.done) {
          refreshing = null;
          refreshes += 1;
          return;
        }
        sendBundle(next.value);
      }
      slice = setImmediate(sendSlice).unref();
    } catch (error) {
      refreshing = null;
      failed('a refresh', error);
    }
  };

  const refresh = () => {
    for (const output of outputs) output.retry();
    // A refresh still being sent (a very big crowd) is not started over.
    if (closed || refreshing || outputs.length === 0) return;
    try {
      const users = [...options.present()];
      presentIds = new Set(users.map((user) => user.sliderId));
      const forgetBefore = performance.now() - FREED_SLOT_REPEAT_MS;
      for (const [slot, at] of freedAt) if (at < forgetBefore) freedAt.delete(slot);
      for (const user of users) freedAt.delete(user.slot);
      refreshing = refreshBundles(users, undefined, [...freedAt.keys()]);
      sendSlice();
    } catch (error) {
      refreshing = null;
      failed('a refresh', error);
    }
  };
  const timer = setInterval(refresh, refreshMs).unref();

  return {
    publish(event) {
      if (closed || outputs.length === 0) return;
      try {
        if (event.type === 'connect') {
          presentIds.add(event.sliderId);
          freedAt.delete(event.slot);
        } else if (event.type === 'delete') {
          presentIds.delete(event.sliderId);
          freedAt.set(event.slot, performance.now());
        }
        queueBundle(eventBundle(event, presentIds.size));
      } catch (error) {
        failed(`a ${String(event?.type)} event`, error);
      }
    },
    stats: () => ({
      targets: outputs.map((output) => output.stats()),
      refreshes,
      unencodable,
    }),
    async close() {
      closed = true;
      clearInterval(timer);
      if (slice) clearImmediate(slice);
      // What the phones did up to the stop still goes out.
      if (flushing) {
        clearImmediate(flushing);
        flush();
      }
      refreshing = null;
      await Promise.all(outputs.map((output) => output.close()));
    },
  };
}
