import {
  BAD_BATCH_CLOSE_CODE,
  BAD_BATCH_CLOSE_REASON,
  connectMessage,
  deleteMessage,
  parseControllerMessage,
  parseInstallationMessage,
  REPLACED_CLOSE_CODE,
  type ControllerMessage,
  type PhoneEvent,
  type RejectReason,
  type UserId,
} from '../src/shared/protocol.js';
import { createBatcher, everyInterval, type Batcher } from './batcher.js';
import { createRoster } from './roster.js';

/** How the router reaches sockets it knows only by their opaque handles. */
export interface RouterTransport<Handle> {
  send(to: Handle, text: string): void;
  close(handle: Handle, code: number, reason: string): void;
}

/** Why a frame was dropped: the protocol's reject reasons plus the relay's own rules. */
export type DropReason =
  | RejectReason
  /** Phones and installations speak JSON text only. */
  | 'binary'
  /** A controller sent a user id other than the one its first `connect` bound. */
  | 'wrong-id'
  /** An update, slider or delete before `connect`, or after the controller's own delete. */
  | 'not-connected'
  /** A frame still in flight from a socket whose user id moved to a newer socket. */
  | 'replaced'
  /** An installation's `send` to a user id with no socket. */
  | 'no-such-user'
  /** A `subscribe` that was not the installation's first message. */
  | 'late-subscribe';

export interface RouterStats {
  controllers: number;
  installations: number;
  /** Users currently connected (and not deleted). */
  users: number;
  /** Frames dropped so far, by reason. */
  dropped: Partial<Record<DropReason, number>>;
}

/** The pure relay core: who receives what. Handles are opaque to it. */
export interface Router<Handle> {
  controllerOpened(controller: Handle): void;
  controllerMessage(controller: Handle, text: string, isBinary?: boolean): void;
  controllerClosed(controller: Handle): void;
  /** `batch`: the frames a second it asked for on its URL (already checked), or none for every message. */
  installationOpened(installation: Handle, batch?: number): void;
  installationMessage(installation: Handle, text: string, isBinary?: boolean): void;
  installationClosed(installation: Handle): void;
  stats(): RouterStats;
}

export interface RouterOptions {
  /** Where the first drop of each kind is reported. */
  warn?: (line: string) => void;
  /** Calls `tick` every `intervalMs` until the returned function is called; tests pass a manual clock. */
  every?: (intervalMs: number, tick: () => void) => () => void;
}

export const REPLACED_CLOSE_REASON = 'replaced';

/** What a phone answers to a text `ping`; expected, so neither counted nor logged. */
const PHONE_PONG = 'pong';

interface InstallationState {
  /** Nothing read from it yet, so a `subscribe` is still allowed. */
  fresh: boolean;
  /** While it receives batched frames: what changed, and the timer that sends them. */
  batching: { batcher: Batcher; stop: () => void } | null;
}

interface ControllerState {
  /** Bound by the first `connect` on this socket, for the socket's whole life. */
  userId: UserId | null;
  /** Connected and not yet deleted by its own `delete`. */
  active: boolean;
}

/** Creates the relay core; `transport` delivers its frames and closes. */
export function createRouter<Handle>(
  transport: RouterTransport<Handle>,
  { warn = (line) => console.error(line), every = everyInterval }: RouterOptions = {},
): Router<Handle> {
  const controllers = new Map<Handle, ControllerState>();
  const installations = new Map<Handle, InstallationState>();
  /** Which socket speaks for each bound user id. */
  const owners = new Map<UserId, Handle>();
  const roster = createRoster();
  const dropped: Partial<Record<DropReason, number>> = {};

  function drop(reason: DropReason, side: 'controller' | 'installation'): void {
    const count = (dropped[reason] ?? 0) + 1;
    dropped[reason] = count;
    if (count === 1) {
      const from = side === 'controller' ? 'a controller' : 'an installation';
      warn(
        `crowdstick: dropped a frame from ${from} (${reason}); further drops of this kind are only counted`,
      );
    }
  }

  function toInstallations(message: ControllerMessage): void {
    // Serialised once: every installation gets the very same string.
    const text = JSON.stringify(message);
    for (const [installation, { batching }] of installations) {
      if (!batching) {
        transport.send(installation, text);
      } else if (message.type === 'update' || message.type === 'slider') {
        batching.batcher.changed(message.sliderId);
      } else {
        // Connects and deletes are never batched, so none is lost or reordered.
        if (message.type === 'delete') batching.batcher.forget(message.sliderId);
        transport.send(installation, text);
      }
    }
  }

  /** From now on `installation` gets a frame `batch` times a second; the first, with everyone, at once. */
  function startBatching(installation: Handle, state: InstallationState, batch: number): void {
    state.batching?.stop();
    const batcher = createBatcher(roster);
    // The contract promises a frame N times a second, so an empty one still goes
    // out: the installation can tell a quiet crowd from a dead relay.
    const sendFrame = (): void => transport.send(installation, JSON.stringify(batcher.takeFrame()));
    batcher.changedAll();
    sendFrame();
    state.batching = { batcher, stop: every(1000 / batch, sendFrame) };
  }

  function accept(state: ControllerState, message: ControllerMessage): void {
    if (message.type === 'delete') state.active = false;
    else if (message.type === 'connect') state.active = true;
    roster.apply(message);
    toInstallations(message);
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
    }
  }

  function onControllerMessage(controller: Handle, text: string, isBinary = false): void {
    const state = controllers.get(controller);
    if (!state) return drop('replaced', 'controller');
    if (isBinary) return drop('binary', 'controller');
    if (text === PHONE_PONG) return;
    const parsed = parseControllerMessage(text);
    if (!parsed.ok) return drop(parsed.reason, 'controller');
    const message = parsed.message;
    if (state.userId !== null && message.sliderId !== state.userId) {
      return drop('wrong-id', 'controller');
    }
    if (message.type === 'connect') connect(controller, state, message.sliderId);
    else if (!state.active) return drop('not-connected', 'controller');
    accept(state, message);
  }

  function onControllerClosed(controller: Handle): void {
    const state = controllers.get(controller);
    if (!state) return;
    controllers.delete(controller);
    if (state.userId === null) return;
    if (owners.get(state.userId) === controller) owners.delete(state.userId);
    if (state.active) {
      const goodbye = deleteMessage(state.userId, 'disconnect');
      roster.apply(goodbye);
      toInstallations(goodbye);
    }
  }

  function toPhones(to: UserId | 'all', event: PhoneEvent): void {
    const text = JSON.stringify(event);
    if (to === 'all') {
      for (const controller of controllers.keys()) transport.send(controller, text);
      return;
    }
    const controller = owners.get(to);
    if (controller === undefined) return drop('no-such-user', 'installation');
    transport.send(controller, text);
  }

  function onInstallationMessage(installation: Handle, text: string, isBinary = false): void {
    const state = installations.get(installation);
    if (!state) return;
    const first = state.fresh;
    state.fresh = false;
    if (isBinary) return drop('binary', 'installation');
    const parsed = parseInstallationMessage(text);
    if (!parsed.ok) {
      drop(parsed.reason, 'installation');
      // Asked for frames it cannot have: better a clear refusal than a silent stream of another kind.
      if (parsed.reason === 'bad-batch') {
        transport.close(installation, BAD_BATCH_CLOSE_CODE, BAD_BATCH_CLOSE_REASON);
      }
      return;
    }
    const message = parsed.message;
    if (message.type === 'subscribe') {
      if (!first) return drop('late-subscribe', 'installation');
      return startBatching(installation, state, message.batch);
    }
    toPhones(message.to, { event: message.event, data: message.data });
  }

  return {
    controllerOpened(controller) {
      controllers.set(controller, { userId: null, active: false });
    },
    controllerMessage: onControllerMessage,
    controllerClosed: onControllerClosed,
    installationOpened(installation, batch) {
      const state: InstallationState = { fresh: true, batching: null };
      installations.set(installation, state);
      const send = (message: ControllerMessage) =>
        transport.send(installation, JSON.stringify(message));
      if (batch === undefined) {
        for (const message of roster.replay()) send(message);
        return;
      }
      // The batched replay: every live user's connect, then one frame with all their state.
      for (const id of roster.ids()) send(connectMessage(id));
      startBatching(installation, state, batch);
    },
    installationMessage: onInstallationMessage,
    installationClosed(installation) {
      installations.get(installation)?.batching?.stop();
      installations.delete(installation);
    },
    stats() {
      return {
        controllers: controllers.size,
        installations: installations.size,
        users: roster.size,
        dropped: { ...dropped },
      };
    },
  };
}
