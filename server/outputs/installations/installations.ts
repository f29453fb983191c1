import {
  BAD_BATCH_CLOSE_CODE,
  BAD_BATCH_CLOSE_REASON,
  BAD_CROWD_CLOSE_REASON,
  parseInstallationMessage,
} from '../../../src/shared/protocol.js';
import type { EventBus } from '../../core/bus.js';
import type { DropReason } from '../../core/drops.js';
import type { PhoneDesk, PhoneTarget } from '../../core/output.js';
import type { RouterTransport } from '../../core/transport.js';
import { createCrowdStream } from '../crowd/crowdStream.js';
import { createFanout, type FanoutLimits } from './fanout.js';

/** What an installation asked for on its URL (already checked by the upgrade). */
export interface InstallationRequest {
  /** `?batch=N`: frames a second, or none for every message. */
  batch?: number;
  /** `?monitor=1`: the built-in monitor, counted apart. */
  monitor?: boolean;
  /** `?crowd=N`: the crowd messages a second; alone, it gets nothing else. */
  crowd?: number;
}

/** What the installations' side counts. */
export interface InstallationStats {
  /** Installation sockets, monitors not counted. */
  installations: number;
  /** Monitor sockets (`/?monitor=1`). */
  monitors: number;
  /** Frames sent to installations so far. */
  messagesOut: number;
  /** Installations now being sent the latest state per user because they read slowly. */
  slowInstallations: number;
  /** The most bytes queued for one installation, and the entries held for slow ones. */
  behind: { mostBufferedBytes: number; backlogEntries: number };
  /** Installations cut off for falling more than `maxBacklog` behind. */
  cutOffSlow: number;
}

/**
 * The installations' sockets: two outputs on the bus (every user's messages,
 * plain or batched, in fanout.ts; the crowd as one, in crowdStream.ts) and
 * the way back, an installation's `subscribe`, `send` and `kick`, passed to
 * the core's phone desk. Handles are opaque here as in the core.
 */
export interface Installations<Handle> {
  opened(installation: Handle, request?: InstallationRequest): void;
  message(installation: Handle, text: string, isBinary?: boolean): void;
  closed(installation: Handle): void;
  /** The monitor sockets open now. */
  monitors(): ReadonlySet<Handle>;
  /** No more installations are taken; what is owed goes out through the bus's stop. */
  stop(): void;
  stats(): InstallationStats;
}

export interface InstallationsOptions {
  limits: FanoutLimits;
  warn: (line: string) => void;
  /** Counts a dropped frame (drops.ts, shared with the core). */
  drop: (reason: DropReason, side: 'installation') => void;
  every: (intervalMs: number, tick: () => void) => () => void;
}

/** Attaches the installations' outputs to `bus`; their `send`s and `kick`s go to `desk`. */
export function createInstallations<Handle>(
  transport: RouterTransport<Handle>,
  bus: EventBus,
  desk: PhoneDesk,
  { limits, warn, drop, every }: InstallationsOptions,
): Installations<Handle> {
  const buffered = transport.buffered?.bind(transport) ?? (() => 0);
  const fanout = createFanout(transport, bus.users, { every, limits, warn });
  const crowd = createCrowdStream<Handle>({
    every,
    send: (installation, text) => transport.send(installation, text),
    isSlow: (installation) => buffered(installation) > limits.slowInstallationBytes,
    users: () => bus.users.states(),
  });
  bus.attach(fanout);
  bus.attach(crowd);
  const monitors = new Set<Handle>();
  let stopped = false;

  function onMessage(installation: Handle, text: string, isBinary = false): void {
    const first = fanout.takeFirstRead(installation);
    if (first === undefined) return;
    if (isBinary) return drop('binary', 'installation');
    const parsed = parseInstallationMessage(text);
    if (!parsed.ok) {
      drop(parsed.reason, 'installation');
      // Asked for frames it cannot have: better a clear refusal than a silent stream of another kind.
      if (parsed.reason === 'bad-batch') {
        transport.close(installation, BAD_BATCH_CLOSE_CODE, BAD_BATCH_CLOSE_REASON);
      } else if (parsed.reason === 'bad-crowd') {
        transport.close(installation, BAD_BATCH_CLOSE_CODE, BAD_CROWD_CLOSE_REASON);
      }
      return;
    }
    const message = parsed.message;
    if (message.type === 'subscribe') {
      if (!first) return drop('late-subscribe', 'installation');
      if (message.batch !== undefined) fanout.subscribe(installation, message.batch);
      else if (message.crowd !== undefined) fanout.silence(installation);
      if (message.crowd !== undefined) crowd.add(installation, message.crowd);
      return;
    }
    if (message.type === 'kick') {
      const target = 'slot' in message ? { slot: message.slot } : { id: message.to };
      if (!desk.kick(target)) drop('no-such-user', 'installation');
      return;
    }
    const target: PhoneTarget =
      'slot' in message
        ? { slot: message.slot }
        : message.to === 'all'
          ? 'all'
          : { id: message.to };
    if (!desk.sendToPhones(target, { event: message.event, data: message.data })) {
      drop('no-such-user', 'installation');
    }
  }

  return {
    opened(installation, { batch, monitor = false, crowd: crowdRate } = {}) {
      if (stopped) return;
      fanout.add(installation, batch, crowdRate !== undefined && batch === undefined);
      if (crowdRate !== undefined) crowd.add(installation, crowdRate);
      if (monitor) monitors.add(installation);
    },
    message: onMessage,
    closed(installation) {
      fanout.remove(installation);
      crowd.remove(installation);
      monitors.delete(installation);
    },
    monitors: () => monitors,
    stop() {
      stopped = true;
    },
    stats: () => ({
      installations: fanout.size - monitors.size,
      monitors: monitors.size,
      messagesOut: fanout.sent,
      slowInstallations: fanout.slowCount,
      behind: fanout.behind(),
      cutOffSlow: fanout.cutOff,
    }),
  };
}
