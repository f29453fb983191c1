import { backoffDelay } from './backoff';
import type { ConnectionStatus, SocketFactory, SocketLike } from './types';

/** `WebSocket.OPEN`, written out so this module needs no global `WebSocket`. */
const OPEN = 1;
const NORMAL_CLOSURE = 1000;
const ignore = () => {};

export interface ConnectionOptions {
  url: string;
  openSocket: SocketFactory;
  /** Backoff randomness. */
  random: () => number;
  onStatus(status: ConnectionStatus): void;
  /** A socket opened: the place to say `connect`. */
  onOpen(): void;
  /** The open (or opening) socket is gone, with the close code when the peer gave one; a retry may follow. */
  onClose(code?: number): void;
  /** A text frame arrived; binary frames are dropped here. */
  onText(text: string): void;
}

/** One socket kept open for as long as it is wanted. */
export interface Connection {
  /** Sends a text frame if the socket is open and reports whether it went out. Nothing is queued. */
  send(text: string): boolean;
  isOpen(): boolean;
  /** Offline closes the socket and stops retrying; online retries at once. */
  setNetworkOnline(online: boolean): void;
  /** Closes the socket for good: no events and no retries follow. */
  close(): void;
}

/**
 * Opens a socket at once and keeps one open: after a drop it retries with
 * capped, jittered backoff (the count starts again after each open), and while
 * the network is offline it waits for it to come back instead.
 */
export function openConnection(options: ConnectionOptions): Connection {
  let socket: SocketLike | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let attempt = 0;
  let hasOpened = false;
  let networkOnline = true;
  let closed = false;
  let status: ConnectionStatus | null = null;

  const report = (next: ConnectionStatus) => {
    if (next === status) return;
    status = next;
    options.onStatus(next);
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
    next.onopen = () => {
      attempt = 0;
      hasOpened = true;
      report('connected');
      options.onOpen();
    };
    next.onmessage = (event) => {
      if (typeof event.data === 'string') options.onText(event.data);
    };
    // A close event always follows an error, and the retry hangs off that.
    next.onerror = ignore;
    next.onclose = (event) => {
      socket = null;
      options.onClose((event as { code?: number } | null)?.code);
      scheduleRetry();
    };
  }

  function scheduleRetry() {
    if (closed) return;
    if (!networkOnline) return report('offline');
    report(trying());
    retryTimer = setTimeout(connect, backoffDelay(attempt, options.random));
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
        report('offline');
      } else if (!socket) {
        stopRetrying();
        attempt = 0;
        connect();
      }
    },
    close() {
      closed = true;
      stopRetrying();
      dropSocket();
    },
  };
}
