import type { StickValues, UserId } from '../shared/protocol';

/** What the status line shows. */
export type ConnectionStatus = 'connecting' | 'connected' | 'reconnecting' | 'offline';

/**
 * A handler slot on a socket. Written through a method type so that its
 * parameter is checked bivariantly: the browser's `WebSocket` and `ws`'s client
 * both type their events more narrowly than the store reads them, and both must fit.
 */
export type SocketHandler<Event> = { handle(event: Event): void }['handle'];

/** The parts of `WebSocket` the store uses, so Node tests can hand it `ws`'s client. */
export interface SocketLike {
  readonly readyState: number;
  /** Bytes sent but not yet on the wire; the store stops sending past a bound. */
  readonly bufferedAmount?: number;
  onopen: SocketHandler<unknown> | null;
  onclose: SocketHandler<unknown> | null;
  onerror: SocketHandler<unknown> | null;
  onmessage: SocketHandler<{ data: unknown }> | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

export type SocketFactory = (url: string) => SocketLike;

/** Everything the store needs from outside; defaults live in `DEFAULT_STORE_OPTIONS`. */
export interface ControllerStoreOptions {
  /** The exact socket URL (PROTOCOL.md: `?ws=` or same-origin `/ws`). */
  url: string;
  /** Most messages per second per control (default 30). */
  rate?: number;
  /** Seconds without interaction before `delete` (default 10). */
  idleSeconds?: number;
  userId: UserId;
  /**
   * Makes a fresh id when the relay closes the socket because another socket
   * took this id over (a duplicated tab inherits its original's id). Without
   * it the two would keep taking the id from each other.
   */
  renewUserId?: () => UserId;
  openSocket: SocketFactory;
  /** Platform vibration, where the device has it. */
  vibrate?: (pattern: number | number[]) => void;
  /** Backoff randomness; tests pass a fixed source. */
  random?: () => number;
}

/** State the components select, and the actions they call through `getState()`. */
export interface ControllerState {
  status: ConnectionStatus;
  /**
   * Why the phone is not connected, when the relay said so in its close
   * (e.g. "the installation is full, retrying"); null otherwise. Shown
   * instead of the plain status label.
   */
  statusDetail: string | null;
  userId: UserId;
  /** The joystick tint sent by the installation (`color` event), or null. */
  color: string | null;
  /** The banner text sent by the installation (`text` event), or null. */
  banner: string | null;
  /**
   * The player number the relay gave this user (`slot` event), or null
   * while the user is not present: before the relay says, after the page's
   * own `delete`, and while the socket is down. The relay says it again after
   * the next `connect`.
   */
  slot: number | null;

  /** Opens the socket and starts the timers; returns the disposer that undoes all of it. */
  start(): () => void;
  /** The stick is held at these values (a drag or a key). */
  moveStick(stick: StickValues): void;
  /** The stick was let go: a final 0,0,0,0 goes out. */
  releaseStick(): void;
  /** A slider is held at this value. */
  moveSlider(name: string, value: number): void;
  /** A slider was let go: its final value goes out. */
  releaseSlider(name: string): void;
  /** The page was hidden: release everything and send `delete` at once. */
  pageHidden(): void;
  /**
   * The page is in front again (`visibilitychange` to visible, `pageshow`):
   * a phone that lost its socket in the background tries again at once
   * instead of waiting out the backoff.
   */
  pageShown(): void;
  /** The browser's network came or went (`online`/`offline` events). */
  setNetworkOnline(online: boolean): void;
}
