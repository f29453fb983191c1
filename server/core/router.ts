import {
  BAD_BATCH_CLOSE_CODE,
  BAD_BATCH_CLOSE_REASON,
  BAD_CROWD_CLOSE_REASON,
  deleteMessage,
  FLOOD_CLOSE_CODE,
  FLOOD_CLOSE_REASON,
  KICKED_CLOSE_CODE,
  kickReason,
  MAX_SLOT,
  NO_CONNECT_CLOSE_CODE,
  NO_CONNECT_CLOSE_REASON,
  parseControllerMessage,
  parseInstallationMessage,
  REPLACED_CLOSE_CODE,
  LAYOUT_EVENT,
  SLOT_EVENT,
  withSlot,
  type ControllerMessage,
  type PhoneEvent,
  type UserId,
} from '../../src/shared/protocol.js';
import { everyInterval } from '../outputs/installations/batcher.js';
import { createCrowdStream } from '../outputs/crowd/crowdStream.js';
import { createLayoutMemory } from './layoutMemory.js';
import { createConnectDeadline } from './connectDeadline.js';
import { createDropCounter, type DropReason } from './drops.js';
import { createFanout, type FanoutLimits } from '../outputs/installations/fanout.js';
import { createKickHolds } from './kicks.js';
import { fullBucket, takeToken, type RateLimits, type TokenBucket } from './rateLimit.js';
import type { PhoneTarget, RelayOutput } from './output.js';
import { createRoster, type UserState } from './roster.js';
import { createSlots } from './slots.js';
import type { RouterTransport } from './transport.js';

export type { RouterTransport } from './transport.js';

export type { DropReason } from './drops.js';

export interface RouterStats {
  controllers: number;
  /** Installation sockets, monitors not counted. */
  installations: number;
  /** Monitor sockets (`/?monitor=1`): installations counted apart. */
  monitors: number;
  /** Users currently connected (and not deleted). */
  users: number;
  /** Frames read from controllers so far, dropped ones included. */
  messagesIn: number;
  /** Frames sent to installations so far. */
  messagesOut: number;
  /** Frames dropped so far, by reason. */
  dropped: Partial<Record<DropReason, number>>;
  /** Installations now being sent the latest state per user because they read slowly. */
  slowInstallations: number;
  /** The most bytes queued for one installation, and the entries held for slow ones. */
  behind: { mostBufferedBytes: number; backlogEntries: number };
  /**
   * Sockets the relay closed so far: phones that flooded, installations too far
   * behind, phones that stopped reading (`slowPhone`), phone sockets that never
   * said `connect` (`noConnect`).
   */
  cutOff: { flood: number; slow: number; slowPhone: number; noConnect: number };
  /** Phones the operator kicked, and `connect`s turned back while their id was held. */
  kicks: { kicked: number; turnedBack: number };
}

/** What the router knows of one phone socket with a user id, for the monitors' report. */
export interface PhoneActivity<Handle> {
  handle: Handle;
  sliderId: UserId;
  /** The slot its user holds, or null while away. */
  slot: number | null;
  /** Frames read from it since the previous report. */
  frames: number;
  /** When the relay last read a frame from it, on the router's clock. */
  heardAt: number;
}

/** The pure relay core: who receives what. Handles are opaque to it. */
export interface Router<Handle> {
  controllerOpened(controller: Handle): void;
  controllerMessage(controller: Handle, text: string, isBinary?: boolean): void;
  controllerClosed(controller: Handle): void;
  /**
   * `batch`: the frames a second it asked for on its URL (already checked), or
   * none for every message; `monitor`: it is a monitor, counted apart; `crowd`:
   * the crowd messages a second it asked for (alone, it gets nothing else).
   */
  installationOpened(installation: Handle, batch?: number, monitor?: boolean, crowd?: number): void;
  installationMessage(installation: Handle, text: string, isBinary?: boolean): void;
  installationClosed(installation: Handle): void;
  /** Live phone sockets (those turned away never count). */
  readonly controllerCount: number;
  /** For a graceful stop: every installation gets what it is owed, then a delete per live user. */
  stop(): void;
  stats(): RouterStats;
  /** Every present user's latest state, in the order they joined (not to be changed by the caller). */
  present(): Iterable<Readonly<UserState>>;
  /**
   * Passes an event to a phone, or to all, as an installation's `send` does:
   * the way back for outputs with an input of their own (OSC in). False when
   * no present user is there.
   */
  sendToPhones(target: PhoneTarget, event: PhoneEvent): boolean;
  /** The monitor sockets open now. */
  monitors(): ReadonlySet<Handle>;
  /** Every phone socket with a user id, by slot (away ones last); restarts each one's frame count. */
  takePhoneActivity(): PhoneActivity<Handle>[];
}

/** What one phone may cost: unsent bytes, and time on a place without a `connect`. */
export interface PhoneLimits {
  /** A phone with more than this unsent to it stopped reading: it is cut off. */
  phoneBufferBytes: number;
  /** A phone socket without a valid `connect` after this long is closed. */
  connectTimeoutMs: number;
}

/** How long a kicked user id is turned back; 0 closes the phone only. */
export interface KickLimits {
  kickSeconds: number;
}

/** The limits the router applies; the relay's defaults are in RelayOptions. */
export type RouterLimits = RateLimits & FanoutLimits & PhoneLimits & KickLimits;

export interface RouterOptions {
  /** Where the first drop of each kind is reported. */
  warn?: (line: string) => void;
  /** Calls `tick` every `intervalMs` until the returned function is called; tests pass a manual clock. */
  every?: (intervalMs: number, tick: () => void) => () => void;
  /** Milliseconds on a monotonic clock, for the rate limit; tests pass a manual one. */
  now?: () => number;
  limits?: Partial<RouterLimits>;
  /** Where every accepted event goes besides the installations' sockets. */
  outputs?: readonly RelayOutput[];
}

/** Generous enough for a router made without limits (tests of other concerns). */
const UNLIMITED: RouterLimits = {
  phoneRate: 1e9,
  phoneBurst: 1e9,
  floodLimit: 1e9,
  slowInstallationBytes: Infinity,
  maxBacklog: Infinity,
  phoneBufferBytes: Infinity,
  connectTimeoutMs: Infinity,
  kickSeconds: 60,
};

export const REPLACED_CLOSE_REASON = 'replaced';

/** What a phone answers to a text `ping`; expected, so neither counted nor logged. */
const PHONE_PONG = 'pong';

/** The bucket's fields live here directly, one object per phone. */
interface ControllerState extends TokenBucket {
  /** Bound by the first `connect` on this socket, for the socket's whole life. */
  userId: UserId | null;
  /** Connected and not yet deleted by its own `delete`. */
  active: boolean;
  /**
   * Closed for flooding. Its frames already on the way still arrive until the
   * close completes; as the bucket refills meanwhile, they could otherwise pass,
   * or count and close it as a flood a second time.
   */
  floodedOut: boolean;
  /** Frames read since the monitors' last report. */
  frames: number;
  /** When the last frame was read, for the monitors' "last seen". */
  heardAt: number;
  /** The newest kept layout this socket was sent (layoutMemory.ts), 0 for none. */
  layoutSeen: number;
}

const defaultNow = (): number => performance.now();

/** Creates the relay core; `transport` delivers its frames and closes. */
export function createRouter<Handle>(
  transport: RouterTransport<Handle>,
  {
    warn = (line) => console.error(line),
    every = everyInterval,
    now = defaultNow,
    limits: given = {},
    outputs = [],
  }: RouterOptions = {},
): Router<Handle> {
  const limits: RouterLimits = { ...UNLIMITED, ...given };
  const controllers = new Map<Handle, ControllerState>();
  /** Which socket speaks for each bound user id. */
  const owners = new Map<UserId, Handle>();
  const roster = createRoster();
  const slots = createSlots();
  const fanout = createFanout(transport, roster, { every, limits, warn });
  const crowd = createCrowdStream<Handle>({
    every,
    send: (installation, text) => transport.send(installation, text),
    isSlow: (installation) => buffered(installation) > limits.slowInstallationBytes,
    users: () => roster.states(),
  });
  const { drop, dropped } = createDropCounter(warn);
  const buffered = transport.buffered?.bind(transport) ?? (() => 0);
  let messagesIn = 0;
  let floods = 0;
  let slowPhones = 0;
  let neverConnected = 0;
  let kicked = 0;
  let turnedBack = 0;
  let stopped = false;
  const kickHolds = createKickHolds(limits.kickSeconds * 1000, now);
  const layouts = createLayoutMemory();
  const monitors = new Set<Handle>();

  /** A socket that holds a phone place but never became a player gives it back. */
  const connectDeadline = createConnectDeadline<Handle>(limits.connectTimeoutMs, {
    now,
    every,
    expire(controller) {
      forget(controller);
      neverConnected += 1;
      if (neverConnected === 1) {
        warn('crowdstick: closed a phone socket that sent no connect in time (--connect-timeout)');
      }
      transport.close(controller, NO_CONNECT_CLOSE_CODE, NO_CONNECT_CLOSE_REASON);
    },
  });

  /** Publishes a message of a present user (or the connect that makes them present), with their slot. */
  function publish(message: ControllerMessage): number {
    const slot =
      message.type === 'connect' ? slots.take(message.sliderId) : slots.of(message.sliderId);
    // Every published message is of a user who holds a slot; 0 would mean a bug upstream.
    const event = withSlot(message, slot ?? 0);
    roster.apply(event);
    fanout.publish(event);
    for (const output of outputs) output.publish(event);
    if (message.type === 'delete') slots.release(message.sliderId);
    return event.slot;
  }

  function accept(controller: Handle, state: ControllerState, message: ControllerMessage): void {
    if (message.type === 'delete') state.active = false;
    else if (message.type === 'connect') state.active = true;
    const slot = publish(message);
    // The phone shows "player N", so a visitor can find themselves on screen.
    if (message.type === 'connect') {
      if (!sendToPhone(controller, JSON.stringify({ event: SLOT_EVENT, data: slot }))) return;
      // The controls the installation set since this socket last heard, if any.
      const owed = layouts.owed(message.sliderId, state.layoutSeen);
      if (owed && sendToPhone(controller, owed.text)) state.layoutSeen = owed.version;
    }
  }

  function connect(controller: Handle, state: ControllerState, userId: UserId): void {
    if (state.userId === null) {
      const previous = owners.get(userId);
      if (previous !== undefined && previous !== controller) {
        // The same tab reloaded or reconnected: the newer socket wins, and the user
        // never left, so the installations see no delete.
        controllers.delete(previous);
        transport.close(previous, REPLACED_CLOSE_CODE, REPLACED_CLOSE_REASON);
      }
      owners.set(userId, controller);
      state.userId = userId;
      connectDeadline.settled(controller);
    }
  }

  /** Whether the phone is within its rate; a phone that keeps flooding is closed. */
  function withinRate(controller: Handle, state: ControllerState, at: number): boolean {
    if (state.floodedOut) {
      drop('rate-limit', 'controller');
      return false;
    }
    const verdict = takeToken(state, at, limits);
    if (verdict === 'pass') return true;
    drop('rate-limit', 'controller');
    if (verdict === 'flood') {
      floods += 1;
      state.floodedOut = true;
      if (floods === 1) warn('crowdstick: closed a phone that kept flooding (1008)');
      transport.close(controller, FLOOD_CLOSE_CODE, FLOOD_CLOSE_REASON);
    }
    return false;
  }

  function onControllerMessage(controller: Handle, text: string, isBinary = false): void {
    if (stopped) return;
    messagesIn += 1;
    const state = controllers.get(controller);
    if (!state) return drop('replaced', 'controller');
    const at = now();
    state.frames += 1;
    state.heardAt = at;
    // Before anything else, so a flood of junk costs as little as a flood of good frames.
    if (!withinRate(controller, state, at)) return;
    if (isBinary) return drop('binary', 'controller');
    if (text === PHONE_PONG) return;
    const parsed = parseControllerMessage(text);
    if (!parsed.ok) return drop(parsed.reason, 'controller');
    const message = parsed.message;
    if (state.userId !== null && message.sliderId !== state.userId) {
      return drop('wrong-id', 'controller');
    }
    if (message.type === 'connect') {
      // Installations see one connect per presence: the user is there already.
      if (state.active) return drop('already-connected', 'controller');
      const heldMs = kickHolds.remainingMs(message.sliderId);
      if (heldMs > 0) return turnBack(controller, heldMs);
      connect(controller, state, message.sliderId);
    } else if (!state.active) return drop('not-connected', 'controller');
    accept(controller, state, message);
  }

  /** The phone is gone (or being cut off): its user leaves, with the relay's own delete if present. */
  function forget(controller: Handle): void {
    const state = controllers.get(controller);
    if (!state) return;
    controllers.delete(controller);
    connectDeadline.settled(controller);
    if (state.userId === null) return;
    if (owners.get(state.userId) === controller) owners.delete(state.userId);
    if (state.active) {
      publish(deleteMessage(state.userId, 'disconnect'));
    }
  }

  /** A kicked user's phone came back within its hold: closed again, with the seconds left. */
  function turnBack(controller: Handle, heldMs: number): void {
    forget(controller);
    turnedBack += 1;
    transport.close(controller, KICKED_CLOSE_CODE, kickReason(heldMs / 1000));
  }

  /** The operator removes a phone: its user leaves at once and is turned back for the hold. */
  function kick(target: PhoneTarget): boolean {
    const id = resolve(target);
    if (id === undefined || id === 'all') return false;
    const controller = owners.get(id);
    if (controller === undefined) return false;
    kicked += 1;
    kickHolds.hold(id);
    forget(controller);
    transport.close(controller, KICKED_CLOSE_CODE, kickReason(limits.kickSeconds));
    return true;
  }

  /**
   * A phone that stopped reading would have everything sent to it queued in
   * the relay's memory without bound: past its buffer it is cut off, and its
   * user leaves as if its line had dropped.
   */
  function cutOffSlowPhone(controller: Handle): void {
    forget(controller);
    slowPhones += 1;
    if (slowPhones === 1) {
      warn('crowdstick: cut off a phone that stopped reading (--phone-buffer)');
    }
    if (transport.terminate) transport.terminate(controller);
    else transport.close(controller, 1008, 'too far behind');
  }

  /** Sends to one phone; false when that phone was cut off for being too far behind. */
  function sendToPhone(controller: Handle, text: string): boolean {
    transport.send(controller, text);
    if (buffered(controller) <= limits.phoneBufferBytes) return true;
    cutOffSlowPhone(controller);
    return false;
  }

  /** Sends `event` to the phone of user `to`, or to every phone; false when that user has no socket. */
  function toPhones(to: UserId | 'all', event: PhoneEvent): boolean {
    const text = JSON.stringify(event);
    const controller = to === 'all' ? undefined : owners.get(to);
    if (to !== 'all' && controller === undefined) return false;
    const kept = event.event === LAYOUT_EVENT ? layouts.sent(to, text, event.data) : null;
    const deliver = (phone: Handle) => {
      if (!sendToPhone(phone, text) || !kept) return;
      const state = controllers.get(phone);
      if (state) state.layoutSeen = kept.version;
    };
    // A copy: cutting off a slow phone removes it from the map.
    if (to === 'all') for (const phone of [...controllers.keys()]) deliver(phone);
    else deliver(controller!);
    return true;
  }

  /** The user a target names: by id, by the slot they hold, or everyone. */
  function resolve(target: PhoneTarget): UserId | 'all' | undefined {
    if (target === 'all') return 'all';
    return 'slot' in target ? slots.holder(target.slot) : target.id;
  }

  function onInstallationMessage(installation: Handle, text: string, isBinary = false): void {
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
      if (!kick(target)) drop('no-such-user', 'installation');
      return;
    }
    const target: PhoneTarget =
      'slot' in message
        ? { slot: message.slot }
        : message.to === 'all'
          ? 'all'
          : { id: message.to };
    const to = resolve(target);
    const event = { event: message.event, data: message.data };
    if (to === undefined || !toPhones(to, event)) drop('no-such-user', 'installation');
  }

  return {
    controllerOpened(controller) {
      if (stopped) return;
      // Spelled out rather than spread: one fixed shape for every phone's record.
      const bucket = fullBucket(now(), limits);
      controllers.set(controller, {
        userId: null,
        active: false,
        floodedOut: false,
        tokens: bucket.tokens,
        refilledAt: bucket.refilledAt,
        excess: bucket.excess,
        frames: 0,
        heardAt: now(),
        layoutSeen: 0,
      });
      connectDeadline.opened(controller);
    },
    controllerMessage: onControllerMessage,
    controllerClosed: forget,
    installationOpened(installation, batch, monitor = false, crowdRate) {
      if (stopped) return;
      fanout.add(installation, batch, crowdRate !== undefined && batch === undefined);
      if (crowdRate !== undefined) crowd.add(installation, crowdRate);
      if (monitor) monitors.add(installation);
    },
    installationMessage: onInstallationMessage,
    installationClosed(installation) {
      fanout.remove(installation);
      crowd.remove(installation);
      monitors.delete(installation);
    },
    get controllerCount() {
      return controllers.size;
    },
    stop() {
      if (stopped) return;
      stopped = true;
      connectDeadline.stop();
      crowd.stop();
      for (const id of roster.ids()) {
        publish(deleteMessage(id, 'disconnect'));
      }
      // A slow installation got its deletes at the end of its backlog: out with all of it now.
      fanout.flushAll();
      controllers.clear();
      owners.clear();
    },
    present: () => roster.states(),
    sendToPhones(target, event) {
      if (stopped) return false;
      const to = resolve(target);
      return to !== undefined && toPhones(to, event);
    },
    monitors: () => monitors,
    takePhoneActivity() {
      const phones: PhoneActivity<Handle>[] = [];
      for (const [handle, state] of controllers) {
        if (state.userId === null) continue;
        const slot = state.active ? (slots.of(state.userId) ?? null) : null;
        phones.push({
          handle,
          sliderId: state.userId,
          slot,
          frames: state.frames,
          heardAt: state.heardAt,
        });
        state.frames = 0;
      }
      // Players by number, then the phones whose user is away.
      return phones.sort((a, b) => (a.slot ?? MAX_SLOT + 1) - (b.slot ?? MAX_SLOT + 1));
    },
    stats() {
      return {
        controllers: controllers.size,
        installations: fanout.size - monitors.size,
        monitors: monitors.size,
        users: roster.size,
        messagesIn,
        messagesOut: fanout.sent,
        dropped: dropped(),
        slowInstallations: fanout.slowCount,
        behind: fanout.behind(),
        cutOff: {
          flood: floods,
          slow: fanout.cutOff,
          slowPhone: slowPhones,
          noConnect: neverConnected,
        },
        kicks: { kicked, turnedBack },
      };
    },
  };
}
