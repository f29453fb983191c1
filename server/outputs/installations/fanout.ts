import {
  TOO_FAR_BEHIND_CLOSE_CODE,
  TOO_FAR_BEHIND_CLOSE_REASON,
  type InstallationEvent,
} from '../../../src/shared/protocol.js';
import type { RelayOutput } from '../../core/output.js';
import { createBacklog, type Backlog } from './backlog.js';
import { createBatcher, type Batcher } from './batcher.js';
import type { Roster } from '../../core/roster.js';
import type { RouterTransport } from '../../core/transport.js';

/** When an installation counts as slow, and how far behind it may fall (RelayOptions has the defaults). */
export interface FanoutLimits {
  slowInstallationBytes: number;
  maxBacklog: number;
}

/** Every installation's stream: plain or batched, and held back while it reads slowly. */
export interface Fanout<Handle> extends RelayOutput {
  /**
   * Sends the roster replay (plain, or connects and a first frame for `batch`)
   * and adds it; a `silent` one (the crowd alone) gets no replay and no message.
   */
  add(installation: Handle, batch?: number, silent?: boolean): void;
  /** From now on `installation` gets no message about any one user: it asked for the crowd alone. */
  silence(installation: Handle): void;
  remove(installation: Handle): void;
  /** Whether this is the first frame read from `installation`; undefined for one not known. */
  takeFirstRead(installation: Handle): boolean | undefined;
  /** From now on `installation` gets a frame `batch` times a second; the first, with everyone, at once. */
  subscribe(installation: Handle, batch: number): void;
  /** Passes an accepted controller message (or the relay's own delete), with its slot, to every installation. */
  publish(message: InstallationEvent): void;
  /** The relay stops: every backlog goes out whatever the buffers hold, so nothing is lost. */
  stop(): void;
  readonly size: number;
  /** Installations now being sent the latest state instead of every message. */
  readonly slowCount: number;
  /** Frames sent to installations so far. */
  readonly sent: number;
  /** Installations cut off for falling more than `maxBacklog` behind. */
  readonly cutOff: number;
  /** What slow installations cost now: the most bytes queued for one, and the entries held for all. */
  behind(): { mostBufferedBytes: number; backlogEntries: number };
}

export interface FanoutOptions {
  every: (intervalMs: number, tick: () => void) => () => void;
  limits: FanoutLimits;
  /** Reported once, the first time an installation is cut off. */
  warn: (line: string) => void;
}

interface InstallationState {
  /** Nothing read from it yet, so a `subscribe` is still allowed. */
  fresh: boolean;
  /** While it receives batched frames: what changed, and the timer that sends them. */
  batching: { batcher: Batcher; stop: () => void } | null;
  /** While it is slow: what it is still owed, in order. */
  backlog: Backlog | null;
  /** It takes the crowd alone (crowdStream.ts), and nothing from here. */
  silent: boolean;
}

/** How often slow installations are checked for room; only while there is one. */
const DRAIN_CHECK_MS = 20;

/** Creates the installations' side of the relay, reading users' state from `roster`. */
export function createFanout<Handle>(
  transport: RouterTransport<Handle>,
  roster: Roster,
  { every, limits, warn }: FanoutOptions,
): Fanout<Handle> {
  const installations = new Map<Handle, InstallationState>();
  const buffered = transport.buffered?.bind(transport) ?? (() => 0);
  let sent = 0;
  let cutOff = 0;
  let slowCount = 0;
  let stopDraining: (() => void) | null = null;

  const send = (installation: Handle, text: string): void => {
    sent += 1;
    transport.send(installation, text);
  };

  /** Whether `installation` must wait; the moment its buffer passes the mark, it starts a backlog. */
  function isSlow(installation: Handle, state: InstallationState): boolean {
    if (state.backlog !== null) return true;
    if (buffered(installation) <= limits.slowInstallationBytes) return false;
    state.backlog = createBacklog();
    slowCount += 1;
    stopDraining ??= every(DRAIN_CHECK_MS, drainAll);
    return true;
  }

  function caughtUp(state: InstallationState): void {
    if (state.backlog === null) return;
    state.backlog = null;
    slowCount -= 1;
  }

  /** Memory must stay bounded: one this far behind starts over with a fresh replay when it reconnects. */
  function cutOffInstallation(installation: Handle): void {
    remove(installation);
    cutOff += 1;
    if (cutOff === 1) {
      warn('crowdstick: cut off an installation that stopped reading (it may reconnect)');
    }
    if (transport.terminate) transport.terminate(installation);
    else transport.close(installation, TOO_FAR_BEHIND_CLOSE_CODE, TOO_FAR_BEHIND_CLOSE_REASON);
  }

  function drainAll(): void {
    for (const [installation, state] of installations) {
      const backlog = state.backlog;
      if (backlog === null) continue;
      const done = backlog.drain(
        (text) => send(installation, text),
        () => buffered(installation) <= limits.slowInstallationBytes,
      );
      if (done) caughtUp(state);
    }
    if (slowCount === 0 && stopDraining) {
      stopDraining();
      stopDraining = null;
    }
  }

  function remove(installation: Handle): void {
    const state = installations.get(installation);
    if (!state) return;
    state.batching?.stop();
    caughtUp(state);
    installations.delete(installation);
  }

  function subscribe(installation: Handle, batch: number): void {
    const state = installations.get(installation);
    if (!state) return;
    state.batching?.stop();
    const batcher = createBatcher(roster);
    // The contract promises a frame N times a second, so an empty one still goes
    // out; while the installation is slow, changes wait in the batcher instead.
    const sendFrame = (): void => {
      if (!isSlow(installation, state)) send(installation, JSON.stringify(batcher.takeFrame()));
    };
    batcher.changedAll();
    sendFrame();
    state.batching = { batcher, stop: every(1000 / batch, sendFrame) };
  }

  function publish(message: InstallationEvent): void {
    if (installations.size === 0) return;
    // Serialised once: every installation gets the very same string.
    const text = JSON.stringify(message);
    const isState = message.type === 'update' || message.type === 'slider';
    for (const [installation, state] of installations) {
      if (state.silent) continue;
      if (state.batching) {
        if (isState) {
          state.batching.batcher.changed(message.sliderId);
          continue;
        }
        // Connects, deletes and button presses are never batched, so none is lost or
        // reordered; a press also changes the state the next frame carries.
        if (message.type === 'button') state.batching.batcher.changed(message.sliderId);
        if (message.type === 'delete') state.batching.batcher.forget(message.sliderId);
      }
      if (!isSlow(installation, state)) {
        send(installation, text);
        continue;
      }
      const backlog = state.backlog!;
      if (message.type === 'update' || message.type === 'slider') backlog.state(message);
      else backlog.event(message.sliderId, text);
      if (backlog.size > limits.maxBacklog) cutOffInstallation(installation);
    }
  }

  return {
    add(installation, batch, silent = false) {
      installations.set(installation, { fresh: true, batching: null, backlog: null, silent });
      if (silent) return;
      if (batch === undefined) {
        for (const message of roster.replay()) send(installation, JSON.stringify(message));
        return;
      }
      // The batched replay: every live user's connect, then one frame with all their state.
      for (const connect of roster.connects()) send(installation, JSON.stringify(connect));
      subscribe(installation, batch);
    },
    remove,
    silence(installation) {
      const state = installations.get(installation);
      if (!state) return;
      state.silent = true;
      state.batching?.stop();
      state.batching = null;
    },
    takeFirstRead(installation) {
      const state = installations.get(installation);
      if (!state) return undefined;
      const first = state.fresh;
      state.fresh = false;
      return first;
    },
    subscribe,
    publish,
    stop() {
      for (const [installation, state] of installations) {
        state.backlog?.drain(
          (text) => send(installation, text),
          () => true,
        );
        caughtUp(state);
      }
    },
    get size() {
      return installations.size;
    },
    get slowCount() {
      return slowCount;
    },
    get sent() {
      return sent;
    },
    get cutOff() {
      return cutOff;
    },
    behind() {
      let mostBufferedBytes = 0;
      let backlogEntries = 0;
      for (const [installation, state] of installations) {
        mostBufferedBytes = Math.max(mostBufferedBytes, buffered(installation));
        backlogEntries += state.backlog?.size ?? 0;
      }
      return { mostBufferedBytes, backlogEntries };
    },
  };
}
