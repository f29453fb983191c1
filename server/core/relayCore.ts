import {
  deleteMessage,
  FLOOD_CLOSE_CODE,
  FLOOD_CLOSE_REASON,
  FULL_CLOSE_CODE,
  FULL_CLOSE_REASON,
  KICKED_CLOSE_CODE,
  kickReason,
  LAYOUT_EVENT,
  MAX_SLOT,
  NO_CONNECT_CLOSE_CODE,
  NO_CONNECT_CLOSE_REASON,
  parseControllerMessage,
  REPLACED_CLOSE_CODE,
  REPLACED_CLOSE_REASON,
  SLOT_EVENT,
  TOO_FAR_BEHIND_CLOSE_CODE,
  TOO_FAR_BEHIND_CLOSE_REASON,
  withSlot,
  type ControllerMessage,
  type PhoneEvent,
  type UserId,
} from '../../src/shared/protocol.js';
import type { EventBus } from './bus.js';
import { createConnectDeadline } from './connectDeadline.js';
import { createKickHolds } from './kicks.js';
import { createLayoutMemory } from './layoutMemory.js';
import type { PhoneTarget } from './output.js';
import { newPhoneState, type PhoneState } from './phoneState.js';
import { takeToken } from './rateLimit.js';
import type { PhoneActivity, RelayCore, RelayCoreOptions } from './relayCoreApi.js';
import { localSlotBook } from './slotBook.js';
import type { RouterTransport } from './transport.js';

export type * from './relayCoreApi.js';

/** What a phone answers to a text `ping`; expected, so neither counted nor logged. */
const PHONE_PONG = 'pong';

/** Creates the core; `transport` reaches the phones, `bus` the outputs. */
export function createRelayCore<Handle>(
  transport: RouterTransport<Handle>,
  bus: EventBus,
  { limits, warn, drop, every, now, slots = localSlotBook(), remote }: RelayCoreOptions,
): RelayCore<Handle> {
  const phones = new Map<Handle, PhoneState>();
  /** Which socket speaks for each bound user id. */
  const owners = new Map<UserId, Handle>();
  const buffered = transport.buffered?.bind(transport) ?? (() => 0);
  const kickHolds = createKickHolds(limits.kickSeconds * 1000, now);
  const layouts = createLayoutMemory();
  const cutOff = { full: 0, flood: 0, slowPhone: 0, noConnect: 0 };
  const kicks = { kicked: 0, turnedBack: 0 };
  let messagesIn = 0;
  let stopped = false;

  /** A socket that holds a phone place but never became a player gives it back. */
  const connectDeadline = createConnectDeadline<Handle>(limits.connectTimeoutMs, {
    now,
    every,
    expire(phone) {
      forget(phone);
      cutOff.noConnect += 1;
      if (cutOff.noConnect === 1) {
        warn('crowdstick: closed a phone socket that sent no connect in time (--connect-timeout)');
      }
      transport.close(phone, NO_CONNECT_CLOSE_CODE, NO_CONNECT_CLOSE_REASON);
    },
  });

  /** Publishes a message of a present user, with the slot they hold. */
  function publish(message: ControllerMessage, slot = slots.of(message.sliderId)): void {
    // Every published message is of a user who holds a slot; 0 would mean a bug upstream.
    bus.publish(withSlot(message, slot ?? 0));
    if (message.type === 'delete') slots.release(message.sliderId);
  }

  function accept(phone: Handle, state: PhoneState, message: ControllerMessage): void {
    if (state.joining !== null) {
      state.joining.push(message);
      return;
    }
    if (message.type === 'connect') return join(phone, state, message.sliderId);
    if (message.type === 'delete') state.active = false;
    publish(message);
  }

  /** The user's connect waits for their slot; what they send meanwhile follows it, in order. */
  function join(phone: Handle, state: PhoneState, id: UserId): void {
    state.joining = [];
    slots.take(id, (slot) => {
      const waiting = state.joining ?? [];
      state.joining = null;
      if (phones.get(phone) !== state) {
        // Gone while it waited: its connect was never published, so neither is a delete.
        if (slot !== undefined && !owners.has(id)) slots.release(id);
        return;
      }
      if (slot === undefined) return turnAwayFull(phone);
      state.active = true;
      publish({ type: 'connect', sliderId: id }, slot);
      // The phone shows "player N", so a visitor can find themselves on screen.
      if (!sendToPhone(phone, JSON.stringify({ event: SLOT_EVENT, data: slot }))) return;
      // The controls the installation set since this socket last heard, if any.
      const owed = layouts.owed(id, state.layoutSeen);
      if (owed && sendToPhone(phone, owed.text)) state.layoutSeen = owed.version;
      for (const message of waiting) {
        if (phones.get(phone) !== state) return;
        if (message.type === 'connect') {
          if (state.active) drop('already-connected', 'controller');
          else accept(phone, state, message);
        } else if (!state.active) drop('not-connected', 'controller');
        else accept(phone, state, message);
      }
    });
  }

  /** No slot is free (a cluster's slots are all held), or no phone place here: closed with 1013. */
  function turnAwayFull(phone: Handle): false {
    forget(phone);
    cutOff.full += 1;
    if (cutOff.full === 1) {
      const count = limits.maxPhones === 1 ? '1 phone' : `${limits.maxPhones} phones`;
      warn(`crowdstick: turned a phone away: ${count} already (--max-phones)`);
    }
    transport.close(phone, FULL_CLOSE_CODE, FULL_CLOSE_REASON);
    return false;
  }

  function bind(phone: Handle, state: PhoneState, userId: UserId): void {
    if (state.userId !== null) return;
    const previous = owners.get(userId);
    if (previous !== undefined && previous !== phone) {
      // The same tab reloaded or reconnected: the newer socket wins, and the user
      // never left, so the installations see no delete.
      phones.delete(previous);
      transport.close(previous, REPLACED_CLOSE_CODE, REPLACED_CLOSE_REASON);
    }
    owners.set(userId, phone);
    state.userId = userId;
    connectDeadline.settled(phone);
  }

  /** Whether the phone is within its rate; a phone that keeps flooding is closed. */
  function withinRate(phone: Handle, state: PhoneState, at: number): boolean {
    if (state.floodedOut) {
      drop('rate-limit', 'controller');
      return false;
    }
    const verdict = takeToken(state, at, limits);
    if (verdict === 'pass') return true;
    drop('rate-limit', 'controller');
    if (verdict === 'flood') {
      cutOff.flood += 1;
      state.floodedOut = true;
      if (cutOff.flood === 1) warn('crowdstick: closed a phone that kept flooding (1008)');
      transport.close(phone, FLOOD_CLOSE_CODE, FLOOD_CLOSE_REASON);
    }
    return false;
  }

  function onPhoneMessage(phone: Handle, text: string, isBinary = false): void {
    if (stopped) return;
    messagesIn += 1;
    const state = phones.get(phone);
    if (!state) return drop('replaced', 'controller');
    const at = now();
    state.frames += 1;
    state.heardAt = at;
    // Before anything else, so a flood of junk costs as little as a flood of good frames.
    if (!withinRate(phone, state, at)) return;
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
      if (heldMs > 0) return turnBack(phone, heldMs);
      bind(phone, state, message.sliderId);
    } else if (!state.active && state.joining === null) return drop('not-connected', 'controller');
    accept(phone, state, message);
  }

  /** The phone is gone (or being cut off): its user leaves, with the relay's own delete if present. */
  function forget(phone: Handle): void {
    const state = phones.get(phone);
    if (!state) return;
    phones.delete(phone);
    connectDeadline.settled(phone);
    if (state.userId === null) return;
    if (owners.get(state.userId) === phone) owners.delete(state.userId);
    if (state.active) publish(deleteMessage(state.userId, 'disconnect'));
  }

  /** A kicked user's phone came back within its hold: closed again, with the seconds left. */
  function turnBack(phone: Handle, heldMs: number): void {
    forget(phone);
    kicks.turnedBack += 1;
    transport.close(phone, KICKED_CLOSE_CODE, kickReason(heldMs / 1000));
  }

  /**
   * A phone that stopped reading would have everything sent to it queued in
   * the relay's memory without bound: past its buffer it is cut off, and its
   * user leaves as if its line had dropped.
   */
  function cutOffSlowPhone(phone: Handle): void {
    forget(phone);
    cutOff.slowPhone += 1;
    if (cutOff.slowPhone === 1) {
      warn('crowdstick: cut off a phone that stopped reading (--phone-buffer)');
    }
    if (transport.terminate) transport.terminate(phone);
    else transport.close(phone, TOO_FAR_BEHIND_CLOSE_CODE, TOO_FAR_BEHIND_CLOSE_REASON);
  }

  /** Sends to one phone; false when that phone was cut off for being too far behind. */
  function sendToPhone(phone: Handle, text: string): boolean {
    transport.send(phone, text);
    if (buffered(phone) <= limits.phoneBufferBytes) return true;
    cutOffSlowPhone(phone);
    return false;
  }

  /** Sends `event` to the phone of user `to` here, or to every phone here; false when that user has no socket here. */
  function toPhones(to: UserId | 'all', event: PhoneEvent): boolean {
    const text = JSON.stringify(event);
    const phone = to === 'all' ? undefined : owners.get(to);
    if (to !== 'all' && phone === undefined) return false;
    const kept = event.event === LAYOUT_EVENT ? layouts.sent(to, text, event.data) : null;
    const deliver = (to: Handle) => {
      if (!sendToPhone(to, text) || !kept) return;
      const state = phones.get(to);
      if (state) state.layoutSeen = kept.version;
    };
    // A copy: cutting off a slow phone removes it from the map.
    if (to === 'all') for (const each of [...phones.keys()]) deliver(each);
    else deliver(phone!);
    return true;
  }

  /** The operator removes a phone here: its user leaves at once and is turned back for the hold. */
  function kickHere(id: UserId): boolean {
    const phone = owners.get(id);
    if (phone === undefined) return false;
    kicks.kicked += 1;
    kickHolds.hold(id);
    forget(phone);
    transport.close(phone, KICKED_CLOSE_CODE, kickReason(limits.kickSeconds));
    return true;
  }

  /** The user a target names: by id, by the slot they hold, or everyone. */
  function resolve(target: PhoneTarget): UserId | 'all' | undefined {
    if (target === 'all') return 'all';
    return 'slot' in target ? slots.holder(target.slot) : target.id;
  }

  return {
    phoneOpened(phone) {
      if (stopped) return false;
      // A close code rather than an HTTP refusal, so the phone can tell "full" from "broken".
      if (phones.size >= limits.maxPhones) return turnAwayFull(phone);
      phones.set(phone, newPhoneState(now(), limits));
      connectDeadline.opened(phone);
      return true;
    },
    phoneMessage: onPhoneMessage,
    phoneClosed: forget,
    get phoneCount() {
      return phones.size;
    },
    sendToPhones(target, event) {
      if (stopped) return false;
      const to = resolve(target);
      if (to === undefined) return false;
      if (to === 'all') {
        toPhones('all', event);
        remote?.send('all', event);
        return true;
      }
      return toPhones(to, event) || (remote?.send(to, event) ?? false);
    },
    kick(target) {
      const id = resolve(target);
      if (id === undefined || id === 'all') return false;
      return kickHere(id) || (remote?.kick(id) ?? false);
    },
    here: {
      send: (to, event) => !stopped && toPhones(to, event),
      kick: kickHere,
      handOver(id) {
        const phone = owners.get(id);
        if (phone === undefined) return;
        // The user never left: the new node holds their slot, and installations see no delete.
        owners.delete(id);
        phones.delete(phone);
        connectDeadline.settled(phone);
        transport.close(phone, REPLACED_CLOSE_CODE, REPLACED_CLOSE_REASON);
      },
    },
    stop() {
      if (stopped) return;
      stopped = true;
      connectDeadline.stop();
      // In the order they joined, as the roster keeps them; only this core's own users.
      for (const id of bus.users.ids()) {
        const phone = owners.get(id);
        if (phone !== undefined && phones.get(phone)?.active) {
          publish(deleteMessage(id, 'disconnect'));
        }
      }
      phones.clear();
      owners.clear();
    },
    takePhoneActivity() {
      const activity: PhoneActivity<Handle>[] = [];
      for (const [handle, state] of phones) {
        if (state.userId === null) continue;
        const slot = state.active ? (slots.of(state.userId) ?? null) : null;
        activity.push({
          handle,
          sliderId: state.userId,
          slot,
          frames: state.frames,
          heardAt: state.heardAt,
        });
        state.frames = 0;
      }
      // Players by number, then the phones whose user is away.
      return activity.sort((a, b) => (a.slot ?? MAX_SLOT + 1) - (b.slot ?? MAX_SLOT + 1));
    },
    stats: () => ({
      controllers: phones.size,
      messagesIn,
      cutOff: { ...cutOff },
      kicks: { ...kicks },
    }),
  };
}
