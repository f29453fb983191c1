import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import type { ClientOptions } from 'ws';
import { connectOf } from './phoneMessages';
import { startRelayProcess, type ProcessLimits, type RelayProcess } from './relayProcess';
import { openClient, type Received, type TestClient } from './wsClient';

/** How a test's sockets end after it. */
export interface SocketEnding {
  /**
   * `terminate` drops them at once, for a test that leaves a socket paused or
   * a relay that no longer answers, where a closing handshake would wait for
   * ws's 30 s timeout; `close` (the default) waits for each close to finish,
   * so the relay has let them go before the next test counts its sockets.
   */
  endSockets?: 'close' | 'terminate';
}

/** What a test starts and opens, each stopped or closed once the test is over. */
export interface RelayTest {
  /** Starts a relay process (as `startRelayProcess`), stopped after the test. */
  start(
    args?: string[],
    env?: Record<string, string>,
    limits?: ProcessLimits,
  ): Promise<RelayProcess>;
  /** Opens a socket, ended after the test, before any relay stops. */
  open(url: string, options?: ClientOptions): Promise<TestClient>;
  /** Starts a relay with `args` and opens an installation on it, to watch what reaches it. */
  startWatched(args?: string[]): Promise<{ relay: RelayProcess; installation: TestClient }>;
  /**
   * Opens a phone socket on `relay` and connects it as user `id`; resolves once
   * the phone was told its slot and `seenBy`, an installation, saw the connect.
   */
  joinedPhone(relay: RelayProcess, id: number, seenBy?: TestClient): Promise<TestClient>;
  /** Runs `cleanup` after the test, before its sockets end. */
  later(cleanup: () => unknown): void;
  /** Ends every socket opened so far, as after the test. */
  endSockets(): Promise<void>;
}

/** Connects `phone` as user `id` and waits for its slot, and for `seenBy` to see the connect. */
export async function joinAs(phone: TestClient, id: number, seenBy?: TestClient): Promise<void> {
  phone.send(connectOf(id));
  await Promise.all([
    phone.next((m: Received) => m.event === 'slot'),
    seenBy?.next((m: Received) => m.type === 'connect' && m.sliderId === id),
  ]);
}

/**
 * The relays and sockets of each test in this file, registered with
 * `afterEach` so that none outlives its test, even one that failed half-way.
 */
export function relayTest({ endSockets = 'close' }: SocketEnding = {}): RelayTest {
  const cleanups: (() => unknown)[] = [];
  const sockets: TestClient[] = [];
  const relays: RelayProcess[] = [];
  const endAll = async (): Promise<void> => {
    const ending = sockets.splice(0);
    if (endSockets === 'terminate') ending.forEach((socket) => socket.socket.terminate());
    else await Promise.all(ending.map((socket) => socket.close()));
  };
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
    await endAll();
    await Promise.all(relays.splice(0).map((relay) => relay.stop()));
  });
  const test: RelayTest = {
    async start(args, env, limits) {
      const relay = await startRelayProcess(args, env, limits);
      relays.push(relay);
      return relay;
    },
    async open(url, options) {
      const socket = await openClient(url, options);
      sockets.push(socket);
      return socket;
    },
    async startWatched(args) {
      const relay = await test.start(args);
      return { relay, installation: await test.open(relay.installationUrl) };
    },
    async joinedPhone(relay, id, seenBy) {
      const phone = await test.open(relay.phoneSocketUrl);
      await joinAs(phone, id, seenBy);
      return phone;
    },
    later(cleanup) {
      cleanups.push(cleanup);
    },
    endSockets: endAll,
  };
  return test;
}

/** A relay for a test file, and the sockets each test opens on it. */
export interface OneRelay extends RelayTest {
  /** The relay, once the test runs. */
  readonly relay: RelayProcess;
  /** Opens an installation socket, with `query` (`?batch=30`) if given. */
  installation(query?: string): Promise<TestClient>;
  /** Opens a phone socket that has said nothing yet. */
  phoneSocket(options?: ClientOptions): Promise<TestClient>;
  /** A phone connected as `id` (see `joinedPhone`). */
  player(id: number, seenBy?: TestClient): Promise<TestClient>;
}

/**
 * A relay started with `args` before each test and stopped after it, or with
 * `perFile` once for the whole file; either way the sockets a test opens end
 * after that test.
 */
export function relayWith(
  args: string[] = [],
  { perFile = false, ...ending }: SocketEnding & { perFile?: boolean } = {},
): OneRelay {
  const test = relayTest(ending);
  let relay: RelayProcess | undefined;
  const current = (): RelayProcess => {
    if (!relay) throw new Error('the relay is started by the test hooks: use it inside a test');
    return relay;
  };
  if (perFile) {
    beforeAll(async () => {
      relay = await startRelayProcess(args);
    });
    afterAll(() => relay?.stop());
  } else {
    // Stopped with the test's other relays, after its sockets.
    beforeEach(async () => {
      relay = await test.start(args);
    });
  }
  return {
    ...test,
    get relay() {
      return current();
    },
    installation: (query = '') => test.open(`${current().installationUrl}${query}`),
    phoneSocket: (options) => test.open(current().phoneSocketUrl, options),
    player: (id, seenBy) => test.joinedPhone(current(), id, seenBy),
  };
}
