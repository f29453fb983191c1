import type { Layout } from '../shared/layout';
import type { StickValues, UserId } from '../shared/protocol';

/**
 * Where the phone stands with the relay (the root's `data-status`):
 * `full` while the relay turns it away for having `--max-phones` already,
 * `refused` while it is turned away for any other reason (see `Refusal`).
 */
export type ConnectionStatus =
  'connecting' | 'connected' | 'reconnecting' | 'offline' | 'full' | 'refused';

/**
 * Why the relay is not letting this phone play, as far as the page can tell:
 * - `full`: closed with 1013, the installation has as many phones as it takes;
 * - `policy`: closed with 1008, with the relay's reason ("too many messages");
 * - `kicked`: closed with 4001, the operator removed the phone until `untilMs`
 *   (a `Date.now()` time), when it may come back;
 * - `origin`: sockets to a relay of another origin fail before they open while
 *   that relay answers plain HTTP: most likely it refuses this page's address
 *   (HTTP 403, which a browser does not show to the page).
 */
export type Refusal =
  | { kind: 'full' }
  | { kind: 'policy'; reason: string }
  | { kind: 'kicked'; untilMs: number }
  | { kind: 'origin' };

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
  /** The clock a kick's wait is counted on (default `Date.now`). */
  now?: () => number;
  /**
   * Whether the relay answers plain HTTP at the socket's address, asked after
   * a socket failed before it opened. Given only for a relay of another origin,
   * where a yes means the relay most likely refused this page's address.
   */
  relayAnswers?: (url: string) => Promise<boolean>;
}

/** State the components select, and the actions they call through `getState()`. */
export interface ControllerState {
  status: ConnectionStatus;
  /** Why the relay turns the phone away while `status` is `full` or `refused`; null otherwise. */
  refusal: Refusal | null;
  /**
   * The last attempt ended before its socket opened: nothing answered at the
   * socket's address (or the relay refused the upgrade). False again once a
   * socket opens.
   */
  unreachable: boolean;
  /** The relay has this user's `connect` on the open socket, and no `delete` since. */
  present: boolean;
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
  /**
   * The controls the page shows; null until the start layout is known (the
   * relay's `/layout.json` with the page's knobs), so nothing is drawn twice.
   */
  layout: Layout | null;
  /** Counts the layouts shown: the controls are made afresh for each, holding no pointer. */
  layoutGeneration: number;
  /** Why the last layout the page got could not be used, in one sentence; null when it could. */
  layoutProblem: string | null;

  /** Opens the socket and starts the timers; returns the disposer that undoes all of it. */
  start(): () => void;
  /** The stick is held at these values (a drag or a key). */
  moveStick(stick: StickValues): void;
  /** The stick was let go: a final 0,0,0,0 goes out. */
  releaseStick(): void;
  /**
   * The phone's tilt points the stick here: the same `update` messages as a
   * drag, but nothing is held, so a phone left lying still still goes idle.
   * Each call is an interaction.
   */
  tiltStick(stick: StickValues): void;
  /** A slider is held at this value. */
  moveSlider(name: string, value: number): void;
  /** A slider was let go: its final value goes out. */
  releaseSlider(name: string): void;
  /** The value a slider was last moved to, or undefined for one never moved. */
  sliderValue(name: string): number | undefined;
  /** A button went down: its press goes out at once. */
  pressButton(name: string): void;
  /** A button came up: its release goes out at once. */
  releaseButton(name: string): void;
  /**
   * Shows a layout (shared/layout.ts), checked first: everything held is let
   * go (each release sent) before the controls are swapped, and the user id
   * stays. A layout that fails the check changes nothing and sets
   * `layoutProblem`. `start` is the page's own start layout, which is skipped
   * when an installation's layout came first. Returns whether it was shown.
   */
  applyLayout(value: unknown, source: 'start' | 'installation'): boolean;
  /**
   * The visitor touched the page away from any control: an interaction all
   * the same, so a phone that left after its idle time says `connect` again.
   */
  touch(): void;
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
