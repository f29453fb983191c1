import type { CrowdMessage } from '../../../src/shared/protocol.js';
import type { PresentUser, SlottedEvent } from './events.js';
import {
  bundleBytes,
  crowdMessages,
  eventBundle,
  refreshBundles,
  type OscMessage,
} from './oscAddresses.js';
import { createDatagramWriter } from './datagramWriter.js';
import { sendDue } from './sendDue.js';
import { datagramBytesFor } from './datagramSize.js';
import { checkBundle, encodeBundle, writeBundle } from './oscEncode.js';
import { updateBundleBytes, writeUpdate } from './updateTemplate.js';
import type { OscAddress } from './oscOptions.js';
import { createOscTarget, type OscTarget, type OscTargetStats } from './oscTarget.js';

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
  /** The crowd as one, read for each of its bundles; without it, none is sent. */
  crowd?(): CrowdMessage;
  /** The crowd's bundles a second (`--osc-crowd`); 0 sends none. */
  crowdHz?: number;
}

export const DEFAULT_OSC_OUTPUT = Object.freeze({ refreshMs: 1000, crowdHz: 30 });

/**
 * Bytes of a refresh encoded and sent in one go before the output yields to
 * the event loop (32 datagrams to a target on the network, about 9 on loopback): a
 * crowd of thousands makes a thousand bundles and more, which at once would
 * hold up phones' messages for many milliseconds.
 */
export const REFRESH_SLICE_BYTES = 32 * 1200;

/**
 * How long a freed slot is repeated as `active` 0 in the refreshes: a
 * receiver that lost the leave's bundle hears of it in the next few, while a
 * slot long free costs nothing.
 */
export const FREED_SLOT_REPEAT_MS = 5000;

/**
 * How long an event's bundle may wait for others to share its datagram: well
 * under a phone's 33 ms between updates, and a tenth of the 20 ms by which a
 * receiver's frame at 50 Hz could come late.
 */
export const GATHER_MS = 2;

/** x, y, speed and angle: an update's bundle holds four messages. */
const STICK_MESSAGES = 4;

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
  const crowdHz = options.crowdHz ?? DEFAULT_OSC_OUTPUT.crowdHz;
  const outputs = targets.map((target) => createOscTarget(target, warn));
  // The count the connect and delete bundles carry, kept here so that
  // publishing never walks the crowd; each refresh sets it right again.
  let presentIds = new Set<number>();
  /** Slots freed lately and not taken again, with when, for the refresh's `active` 0. */
  const freedAt = new Map<number, number>();
  let unencodable = 0;
  /** The crowd last sent, as its four figures, so a still room is not sent again. */
  let crowdSent: string | null = null;
  let refreshes = 0;
  let closed = false;
  /** The refresh being sent: for each datagram size, the bundles still to go. */
  let refreshing: { bundles: Iterator<OscMessage[]>; to: readonly OscTarget[] }[] | null = null;
  let slice: NodeJS.Immediate | null = null;

  const failed = (what: string, error: unknown) => {
    unencodable += 1;
    if (unencodable === 1) {
      warn(
        `crowdstick: OSC output could not encode ${what} (${(error as Error)?.message ?? error}); further failures are only counted`,
      );
    }
  };

  /** The targets by the size of datagram they take: loopback ones take fuller ones (datagramSize.ts). */
  const bySize = [...new Set(targets.map(datagramBytesFor))].map((maxBytes) => ({
    maxBytes,
    to: outputs.filter((_, index) => datagramBytesFor(targets[index]!) === maxBytes),
  }));

  /**
   * Events' bundles, written into datagrams that each wait `GATHER_MS` from
   * their first bundle for more (one that fills goes at once). Each datagram
   * costs a send on the relay's own thread (on loopback the kernel also
   * delivers it, and wakes the receiver, within that send), so a crowd's
   * events go a few milliseconds' worth at a time in full datagrams, not each
   * turn of the event loop's in part-empty ones (docs/BENCHMARKS.md, OSC
   * output). There is one writer for each datagram size among the targets.
   */
  const writers = bySize.map(({ maxBytes, to }) =>
    createDatagramWriter(maxBytes, (datagram, bundles, messages) => {
      for (const output of to) output.send(datagram, messages, bundles);
    }),
  );
  let flushing: NodeJS.Timeout | null = null;
  /** Sends the datagrams that have waited `GATHER_MS`, and waits for the others (sendDue.ts). */
  const flushDue = () => {
    const now = performance.now();
    const next = sendDue(writers, now, GATHER_MS);
    flushing = next === null ? null : setTimeout(flushDue, next - now).unref();
  };
  const flushAll = () => {
    for (const writer of writers) writer.flush();
  };

  const queueUpdate = (event: SlottedEvent & { type: 'update' }) => {
    const bytes = updateBundleBytes(event.slot);
    for (const writer of writers) {
      const at = writer.reserve(bytes, STICK_MESSAGES);
      writeUpdate(event.slot, event, writer.buffer(), at);
    }
    flushing ??= setTimeout(flushDue, GATHER_MS).unref();
  };

  const queueBundle = (messages: readonly OscMessage[]) => {
    checkBundle(messages);
    const bytes = bundleBytes(messages);
    for (const writer of writers) {
      const at = writer.reserve(bytes, messages.length);
      writeBundle(messages, writer.buffer(), at);
    }
    flushing ??= setTimeout(flushDue, GATHER_MS).unref();
  };

  const sendSlice = () => {
    slice = null;
    if (closed || !refreshing) return;
    try {
      for (let room = REFRESH_SLICE_BYTES; room > 0;) {
        const size = refreshing[0];
        if (!size) {
          refreshing = null;
          refreshes += 1;
          return;
        }
        const next = size.bundles.next();
        if (next.done) {
          refreshing.shift();
          continue;
        }
        const datagram = encodeBundle(next.value);
        for (const output of size.to) output.send(datagram, next.value.length);
        room -= datagram.length;
      }
      slice = setImmediate(sendSlice).unref();
    } catch (error) {
      refreshing = null;
      failed('a refresh', error);
    }
  };

  const refresh = () => {
    crowdSent = null;
    for (const output of outputs) output.retry();
    // A refresh still being sent (a very big crowd) is not started over.
    if (closed || refreshing || outputs.length === 0) return;
    try {
      const users = [...options.present()];
      presentIds = new Set(users.map((user) => user.sliderId));
      const forgetBefore = performance.now() - FREED_SLOT_REPEAT_MS;
      for (const [slot, at] of freedAt) if (at < forgetBefore) freedAt.delete(slot);
      for (const user of users) freedAt.delete(user.slot);
      const freed = [...freedAt.keys()];
      // Each datagram size has bundles of its own, so a loopback target's refresh fills 4,096 bytes too.
      refreshing = bySize.map(({ maxBytes, to }) => ({
        bundles: refreshBundles(users, maxBytes, freed),
        to,
      }));
      sendSlice();
    } catch (error) {
      refreshing = null;
      failed('a refresh', error);
    }
  };
  const timer = setInterval(refresh, refreshMs).unref();
  // The crowd as one, read `crowdHz` times a second and sent when it changed, and
  // with each refresh (crowdSent is cleared there): a room steering one boat needs
  // no script, and a still room costs nothing.
  const crowdTimer =
    crowdHz > 0 && outputs.length > 0 && options.crowd
      ? setInterval(() => {
          if (closed) return;
          try {
            const crowd = options.crowd!();
            const key = `${crowd.count} ${crowd.x} ${crowd.y} ${crowd.speed}`;
            if (key === crowdSent) return;
            crowdSent = key;
            queueBundle(crowdMessages(crowd));
          } catch (error) {
            failed('the crowd', error);
          }
        }, 1000 / crowdHz).unref()
      : null;

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
        if (event.type === 'update') queueUpdate(event);
        else queueBundle(eventBundle(event, presentIds.size));
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
      if (crowdTimer) clearInterval(crowdTimer);
      if (slice) clearImmediate(slice);
      // What the phones did up to the stop still goes out.
      if (flushing) {
        clearTimeout(flushing);
        flushing = null;
        flushAll();
      }
      refreshing = null;
      await Promise.all(outputs.map((output) => output.close()));
    },
  };
}
