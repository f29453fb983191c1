import { afterEach, beforeEach, vi } from 'vitest';
import { WebSocket as WebSocketClient, WebSocketServer, type WebSocket } from 'ws';
import type { StoreApi } from 'zustand/vanilla';
import {
  buttonMessage,
  connectMessage,
  deleteMessage,
  sliderMessage,
  STICK_AT_REST,
  updateMessage,
  type StickValues,
} from '../../../src/shared/protocol';
import { createControllerStore } from '../../../src/store/controllerStore';
import type {
  ControllerState,
  ControllerStoreOptions,
  SocketFactory,
} from '../../../src/store/types';

// Kept from before any test fakes the timers, so waits still end.
const realSetTimeout = globalThis.setTimeout;
const realClearTimeout = globalThis.clearTimeout;

/** Waits this long in real time; only for checking that something did NOT happen. */
export const pause = (ms: number) => new Promise<void>((resolve) => realSetTimeout(resolve, ms));

/** A text frame a client sent, tagged with the client's index in connection order. */
export interface Frame {
  client: number;
  text: string;
}

/**
 * A stand-in relay on port 0 that records every frame its clients send and,
 * like the real one, tells a phone its slot after each `connect`.
 */
export interface TestRelay {
  /** The socket URL to give the store. */
  url: string;
  /** Server-side sockets, in connection order. */
  clients: WebSocket[];
  frames: Frame[];
  /** The frames of one client, JSON-parsed where they parse. */
  messagesOf(client: number): unknown[];
  /** Resolves once client number `client` has sent at least `count` frames. */
  waitForMessagesOf(client: number, count: number): Promise<void>;
  /** Resolves with the first truthy result of `check`, re-run on every server event. */
  waitFor<T>(
    check: () => T | false | null | undefined,
    what: string,
    timeoutMs?: number,
  ): Promise<T>;
  close(): Promise<void>;
}

const parse = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
};

/**
 * Slots as PROTOCOL.md deals them: the smallest free one at `connect`, or the
 * id's last one if still free; free again at `delete` or when the socket ends.
 */
function createSlotDealer() {
  const held = new Map<number, number>();
  const last = new Map<number, number>();
  const isFree = (slot: number) => ![...held.values()].includes(slot);
  return {
    take(id: number): number {
      const kept = held.get(id);
      if (kept !== undefined) return kept;
      const previous = last.get(id);
      let slot = previous !== undefined && isFree(previous) ? previous : 1;
      while (!isFree(slot)) slot += 1;
      held.set(id, slot);
      return slot;
    },
    release(id: number) {
      const slot = held.get(id);
      if (slot === undefined) return;
      held.delete(id);
      last.set(id, slot);
    },
  };
}

/** The user id and type of a phone's frame, when it is a user message. */
function userMessage(text: string): { type: unknown; sliderId: number } | null {
  const message = parse(text) as { type?: unknown; sliderId?: unknown } | null;
  if (typeof message !== 'object' || message === null) return null;
  return typeof message.sliderId === 'number'
    ? { type: message.type, sliderId: message.sliderId }
    : null;
}

export async function startTestRelay(): Promise<TestRelay> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('expected a TCP address');

  const clients: WebSocket[] = [];
  const frames: Frame[] = [];
  const watchers = new Set<() => void>();
  const changed = () => watchers.forEach((watch) => watch());

  const slots = createSlotDealer();

  server.on('connection', (socket) => {
    const client = clients.push(socket) - 1;
    /** The user this socket speaks for while present. */
    let present: number | null = null;
    socket.on('message', (data, isBinary) => {
      if (!isBinary) {
        const text = data.toString();
        frames.push({ client, text });
        const message = userMessage(text);
        if (message?.type === 'connect') {
          present = message.sliderId;
          socket.send(JSON.stringify({ event: 'slot', data: slots.take(present) }));
        } else if (message?.type === 'delete' && present !== null) {
          slots.release(present);
          present = null;
        }
      }
      changed();
    });
    socket.on('close', () => {
      if (present !== null) slots.release(present);
      changed();
    });
    changed();
  });

  const messagesOf = (client: number) =>
    frames.filter((f) => f.client === client).map((f) => parse(f.text));
  const waitFor: TestRelay['waitFor'] = (check, what, timeoutMs) =>
    waitUntil(
      check,
      what,
      (watch) => watchers.add(watch),
      (watch) => watchers.delete(watch),
      timeoutMs,
      () => JSON.stringify(frames),
    );

  return {
    url: `ws://127.0.0.1:${address.port}/ws`,
    clients,
    frames,
    messagesOf,
    waitFor,
    waitForMessagesOf: async (client, count) => {
      await waitFor(
        () => messagesOf(client).length >= count,
        `${count} messages from client ${client}`,
      );
    },
    async close() {
      for (const socket of clients) socket.terminate();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A test file's stand-in relay and the disposers of the stores started on it. */
export interface PerTestRelay {
  relay: TestRelay;
  stops: Array<() => void>;
  /** The frames socket number `client` sent, JSON-parsed where they parse. */
  sent(client: number): unknown[];
  /** Resolves once socket number `client` has sent at least `count` frames. */
  waitForSent(client: number, count: number): Promise<void>;
  /** Resolves once the stores have opened at least `count` sockets. */
  socketCount(count: number): Promise<boolean>;
}

/**
 * Gives every test of the file a fresh stand-in relay, and afterwards stops
 * its stores, undoes fake timers and spies, and closes the relay.
 */
export function freshRelayPerTest(): PerTestRelay {
  const world = {
    stops: [] as Array<() => void>,
    sent: (client) => world.relay.messagesOf(client),
    waitForSent: (client, count) => world.relay.waitForMessagesOf(client, count),
    socketCount: (count) =>
      world.relay.waitFor(() => world.relay.clients.length >= count, `${count} sockets`),
  } as PerTestRelay;
  beforeEach(async () => {
    world.relay = await startTestRelay();
  });
  afterEach(async () => {
    vi.useRealTimers();
    vi.restoreAllMocks();
    world.stops.splice(0).forEach((stop) => stop());
    await world.relay.close();
  });
  return world;
}

/** Resolves with the first truthy result of `check` on the store's state, re-run on every change. */
export function waitForState<S, T>(
  store: StoreApi<S>,
  check: (state: S) => T | false | null | undefined,
  what: string,
  timeoutMs?: number,
): Promise<T> {
  let unsubscribe = () => {};
  return waitUntil(
    () => check(store.getState()),
    what,
    (watch) => (unsubscribe = store.subscribe(watch)),
    () => unsubscribe(),
    timeoutMs,
    () => JSON.stringify(store.getState()),
  );
}

function waitUntil<T>(
  check: () => T | false | null | undefined,
  what: string,
  watch: (onChange: () => void) => void,
  unwatch: (onChange: () => void) => void,
  timeoutMs = 3000,
  describe: () => string,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const finish = () => {
      realClearTimeout(timer);
      unwatch(attempt);
    };
    const attempt = () => {
      const result = check();
      if (result === false || result === null || result === undefined) return;
      finish();
      resolve(result);
    };
    const timer = realSetTimeout(() => {
      finish();
      reject(new Error(`timed out waiting for ${what}; so far: ${describe()}`));
    }, timeoutMs);
    watch(attempt);
    attempt();
  });
}

/** Opens `ws`'s client, which fits the store's `SocketLike`. */
export const openWs: SocketFactory = (url) => new WebSocketClient(url);

/**
 * Starts a store on the relay; `stops` collects its disposer for afterEach.
 * Defaults: a high rate and a long idle time, so neither gets in the way.
 */
export function startStore(
  relay: TestRelay,
  stops: Array<() => void>,
  overrides: Partial<ControllerStoreOptions> = {},
  before?: (store: StoreApi<ControllerState>) => void,
): StoreApi<ControllerState> {
  const store = createControllerStore({
    url: relay.url,
    userId: TEST_USER_ID,
    rate: 1000,
    idleSeconds: 60,
    openSocket: openWs,
    ...overrides,
  });
  before?.(store);
  stops.push(store.getState().start());
  return store;
}

export const TEST_USER_ID = 424242;

/** A stick pushed right by `x` (0..1). */
export const stickRight = (x: number): StickValues => ({
  x,
  y: 0,
  speed: Math.round(x * 100),
  angle: 0,
});

/** What the test user's store sends. */
export const ours = {
  connect: connectMessage(TEST_USER_ID),
  remove: deleteMessage(TEST_USER_ID),
  /** The stick pushed right by `x`. */
  update: (x: number) => updateMessage(TEST_USER_ID, stickRight(x)),
  slider: (name: string, value: number) => sliderMessage(TEST_USER_ID, name, value),
  /** The one update at rest sent when the stick is let go. */
  finalZero: updateMessage(TEST_USER_ID, STICK_AT_REST),
};

/** The press `sendMarker` sends. */
export const MARKER = buttonMessage(TEST_USER_ID, 'marker', true);

/**
 * Has the store press a button, which it sends at once past any throttle, and
 * waits until client number `client` has sent it: the store's frames before
 * it have arrived too, so a check that nothing more was sent can be exact.
 */
export async function sendMarker(
  relay: TestRelay,
  store: StoreApi<ControllerState>,
  client = 0,
): Promise<void> {
  store.getState().pressButton(MARKER.name);
  await relay.waitFor(
    () => relay.messagesOf(client).some((m) => JSON.stringify(m) === JSON.stringify(MARKER)),
    `the marker from client ${client}`,
  );
}

export const isType = (type: string) => (message: unknown) =>
  typeof message === 'object' && message !== null && (message as { type?: unknown }).type === type;
