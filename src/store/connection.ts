import { AFTER_KICK_JITTER_MS, backoffDelay, type RetryPace } from './backoff';
import { readClose, statusOfRefusal } from './closeCodes';
import type { ConnectionStatus, Refusal, SocketFactory, SocketLike } from './types';

/** `WebSocket.OPEN`, written out so this module needs no global `WebSocket`. */
const OPEN = 1;
const NORMAL_CLOSURE = 1000;
/**
 * The most bytes a socket may hold unsent before further frames are dropped:
 * a phone on a stalled line would otherwise buffer every move without bound.
 * At 30 small frames a second this is many seconds of play, so a working line
 * never gets near it.
 */
export const MAX_UNSENT_BYTES = 64 * 1024;
/**
 * After a refusal (full, or policy), how long a new socket must stay open to
 * count as connected: the relay completes the handshake before it closes a
 * refused socket, and "connected" should not flash up before every refusal.
 */
export const SETTLE_AFTER_REFUSAL_MS = 500;
const ignore = () => {};
/** What a browser (and `ws`) reports for a socket that ended without a close frame. */
const ABNORMAL_CLOSURE = 1006;

/** Where the connection stands, as the page shows it. */
export interface ConnectionReport {
  status: ConnectionStatus;
  /** Why the relay turns the phone away, while `status` is `full` or `refused`. */
  refusal: Refusal | null;
  /** The last attempt ended before its socket opened. */
  unreachable: boolean;
}

export interface ConnectionOptions {
  url: string;
  openSocket: SocketFactory;
  /** Backoff randomness. */
  random: () => number;
  /** The clock a kick's wait is counted on. */
  now: () => number;
  /**
   * Whether the relay answers plain HTTP at `url`, asked after each attempt
   * that failed before its socket opened. A yes, while no socket opens, shows
   * as an `origin` refusal (see `Refusal`); without it nothing is asked.
   */
  relayAnswers?: (url: string) => Promise<boolean>;
  /** What the page shows changed. */
  onStatus(report: ConnectionReport): void;
  /** A socket opened: the place to say `connect`. */
  onOpen(): void;
  /** The open (or opening) socket is gone, with the close code when the peer gave one; a retry may follow. */
  onClose(code?: number): void;
  /** A text frame arrived; binary frames are dropped here. */
  onText(text: string): void;
}

/** One socket kept open for as long as it is wanted. */
export interface Connection {
  /** Sends a text frame if the socket is open and not backed up, and reports whether it went out. Nothing is queued. */
  send(text: string): boolean;
  isOpen(): boolean;
  /** Offline closes the socket and stops retrying; online retries at once. */
  setNetworkOnline(online: boolean): void;
  /**
   * Tries at once instead of waiting out the backoff; with an attempt still
   * unanswered, tries once more at once if that attempt fails.
   */
  retryNow(): void;
  /** Closes the socket for good: no events and no retries follow. */
  close(): void;
}

interface CloseEventLike {
  code?: number;
  reason?: string;
}

/**
 * Opens a socket at once and keeps one open: after a drop it retries with
 * capped, jittered backoff at the pace the close code asks for (see
 * closeCodes.ts; the count starts again after each lasting open), and while
 * the network is offline it waits for it to come back instead.
 */
export function openConnection(options: ConnectionOptions): Connection {
  let socket: SocketLike | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let settleTimer: ReturnType<typeof setTimeout> | undefined;
  let attempt = 0;
  let pace: RetryPace = 'normal';
  /** The last close was a refusal, so the next open must last before it counts. */
  let refusedLast = false;
  let hasOpened = false;
  /**
   * The page came to the front while an attempt was still unanswered: that
   * attempt may have reached a relay that was full a moment ago, so if it
   * fails, ask once more at once instead of waiting out the backoff.
   */
  let askAgainIfItFails = false;
  let networkOnline = true;
  let closed = false;
  /**
   * Why the relay turns the phone away, as its last close said (or the HTTP
   * check found); it holds through the attempts until a socket lasts.
   */
  let refusal: Refusal | null = null;
  let unreachable = false;
  /** Counts the sockets that opened, so a late HTTP answer can tell whether one did since. */
  let opens = 0;
  let reported: ConnectionReport | null = null;

  const report = (status: ConnectionStatus) => {
    const next = { status, refusal, unreachable };
    if (
      reported &&
      reported.status === status &&
      reported.refusal === refusal &&
      reported.unreachable === unreachable
    ) {
      return;
    }
    reported = next;
    options.onStatus(next);
  };
  // Until the first open the visitor has never been connected, so there is nothing to "re"-connect.
  const trying = (): ConnectionStatus =>
    refusal ? statusOfRefusal(refusal) : hasOpened ? 'reconnecting' : 'connecting';
  /** A kicked phone may not ask again before the kick's time is up. */
  const kickedFor = (): number =>
    refusal?.kind === 'kicked' ? Math.max(0, refusal.untilMs - options.now()) : 0;

  /**
   * After an attempt that never opened, asks whether the relay answers plain
   * HTTP. A browser hides why an upgrade failed, but a relay that answers
   * while its sockets fail is refusing them: for a page of another origin,
   * most likely for that origin (HTTP 403).
   */
  function askWhyUnreachable() {
    if (!options.relayAnswers) return;
    const opensBefore = opens;
    options.relayAnswers(options.url).then(
      (answers) => settleWhy(opensBefore, answers),
      () => settleWhy(opensBefore, false),
    );
  }

  function settleWhy(opensBefore: number, answers: boolean) {
    if (closed || opens !== opensBefore || !networkOnline) return;
    if (answers && !refusal) refusal = { kind: 'origin' };
    else if (!answers && refusal?.kind === 'origin') refusal = null;
    else return;
    report(trying());
  }

  function connect() {
    retryTimer = undefined;
    report(trying());
    let next: SocketLike;
    try {
      next = options.openSocket(options.url);
    } catch {
      // The browser refused the URL or ran out of sockets; retrying is all there is to do.
      scheduleRetry();
      return;
    }
    socket = next;
    /** This socket was a lasting connection, not a refusal or a failed attempt. */
    let held = false;
    let opened = false;
    next.onopen = () => {
      // The socket stayed open: a success, so the backoff starts over.
      const confirm = () => {
        held = true;
        attempt = 0;
        pace = 'normal';
        hasOpened = true;
        refusal = null;
        report('connected');
      };
      opened = true;
      opens += 1;
      unreachable = false;
      if (refusedLast) settleTimer = setTimeout(confirm, SETTLE_AFTER_REFUSAL_MS);
      else confirm();
      options.onOpen();
    };
    next.onmessage = (event) => {
      if (typeof event.data === 'string') options.onText(event.data);
    };
    // A close event always follows an error, and the retry hangs off that.
    next.onerror = ignore;
    next.onclose = (event) => {
      socket = null;
      clearTimeout(settleTimer);
      const askAgain = askAgainIfItFails && !held;
      askAgainIfItFails = false;
      const { code, reason } = (event ?? {}) as CloseEventLike;
      const verdict = readClose(code, reason, options.now());
      // A refusal, or a relay that never answered, keeps counting up from
      // the last lasting open, at the pace the relay last asked for.
      refusedLast = verdict.pace === 'patient';
      // A lasting connection that vanished without a word was most likely a
      // relay that crashed and is being restarted: worth asking often.
      const vanished = held && code === ABNORMAL_CLOSURE;
      pace = verdict.pace ?? (vanished ? 'soon' : pace);
      const neverOpened = !opened;
      unreachable = neverOpened;
      // A refused origin holds through its failed attempts; the HTTP check below renews it.
      if (verdict.refusal || !neverOpened || refusal?.kind !== 'origin') refusal = verdict.refusal;
      options.onClose(code);
      if (neverOpened) askWhyUnreachable();
      if (askAgain && !closed && networkOnline && kickedFor() === 0) connect();
      else scheduleRetry();
    };
  }

  function scheduleRetry() {
    if (closed) return;
    if (!networkOnline) return report('offline');
    report(trying());
    // A kick names its own wait; coming back sooner would only be kicked again.
    const wait =
      refusal?.kind === 'kicked'
        ? kickedFor() + options.random() * AFTER_KICK_JITTER_MS
        : backoffDelay(attempt, options.random, pace);
    retryTimer = setTimeout(connect, wait);
    attempt += 1;
  }

  function stopRetrying() {
    clearTimeout(retryTimer);
    retryTimer = undefined;
  }

  /** Closes the current socket without hearing from it again. */
  function dropSocket(): boolean {
    const current = socket;
    if (!current) return false;
    socket = null;
    clearTimeout(settleTimer);
    askAgainIfItFails = false;
    current.onopen = null;
    current.onmessage = null;
    current.onclose = null;
    // Not null: `ws` emits an error when closed mid-handshake, and an error
    // without a listener would be thrown.
    current.onerror = ignore;
    try {
      current.close(NORMAL_CLOSURE);
    } catch {
      // Already closing.
    }
    return true;
  }

  connect();

  return {
    send(text) {
      if (socket?.readyState !== OPEN) return false;
      if ((socket.bufferedAmount ?? 0) > MAX_UNSENT_BYTES) return false;
      try {
        socket.send(text);
        return true;
      } catch {
        return false;
      }
    },
    isOpen: () => socket?.readyState === OPEN,
    setNetworkOnline(online) {
      if (closed) return;
      networkOnline = online;
      if (!online) {
        // A socket that outlives a network change is usually dead without
        // knowing it yet; a fresh one when the network returns is quicker.
        stopRetrying();
        if (dropSocket()) options.onClose();
        // A kick still holds once the network is back; anything else will be asked afresh.
        if (refusal?.kind !== 'kicked') refusal = null;
        unreachable = false;
        report('offline');
      } else if (!socket) {
        stopRetrying();
        attempt = 0;
        if (kickedFor() > 0) scheduleRetry();
        else connect();
      }
    },
    retryNow() {
      // The count and pace stay: a full relay is asked once more, not hammered.
      if (closed || !networkOnline || kickedFor() > 0) return;
      if (socket) {
        askAgainIfItFails = true;
        return;
      }
      stopRetrying();
      connect();
    },
    close() {
      closed = true;
      stopRetrying();
      dropSocket();
    },
  };
}
