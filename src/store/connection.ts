import { backoffDelay, type RetryPace } from './backoff';
import { readClose } from './closeCodes';
import type { ConnectionStatus, SocketFactory, SocketLike } from './types';

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

export interface ConnectionOptions {
  url: string;
  openSocket: SocketFactory;
  /** Backoff randomness. */
  random: () => number;
  /** The status changed; `detail` says why the phone is not connected, when the relay said. */
  onStatus(status: ConnectionStatus, detail: string | null): void;
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
  /** Why the phone is not connected, as the relay's last close said; reported with the next status. */
  let detail: string | null = null;
  let reportedStatus: ConnectionStatus | null = null;
  let reportedDetail: string | null = null;

  const report = (status: ConnectionStatus) => {
    if (status === reportedStatus && detail === reportedDetail) return;
    reportedStatus = status;
    reportedDetail = detail;
    options.onStatus(status, detail);
  };
  // Until the first open the visitor has never been connected, so there is nothing to "re"-connect.
  const trying = (): ConnectionStatus => (hasOpened ? 'reconnecting' : 'connecting');

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
    next.onopen = () => {
      // The socket stayed open: a success, so the backoff starts over.
      const confirm = () => {
        held = true;
        attempt = 0;
        pace = 'normal';
        hasOpened = true;
        detail = null;
        report('connected');
      };
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
      const verdict = readClose(code, reason);
      // A refusal, or a relay that never answered, keeps counting up from
      // the last lasting open, at the pace the relay last asked for.
      refusedLast = verdict.pace === 'patient';
      // A lasting connection that vanished without a word was most likely a
      // relay that crashed and is being restarted: worth asking often.
      const vanished = held && code === ABNORMAL_CLOSURE;
      pace = verdict.pace ?? (vanished ? 'soon' : pace);
      detail = verdict.detail;
      options.onClose(code);
      if (askAgain && !closed && networkOnline) connect();
      else scheduleRetry();
    };
  }

  function scheduleRetry() {
    if (closed) return;
    if (!networkOnline) return report('offline');
    report(trying());
    retryTimer = setTimeout(connect, backoffDelay(attempt, options.random, pace));
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
        detail = null;
        report('offline');
      } else if (!socket) {
        stopRetrying();
        attempt = 0;
        connect();
      }
    },
    retryNow() {
      // The count and pace stay: a full relay is asked once more, not hammered.
      if (closed || !networkOnline) return;
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
