import type { KickMessage, SendMessage } from '../shared/protocol';

/** What the page shows about its socket. */
export type MonitorStatus = 'connecting' | 'connected' | 'reconnecting' | 'unreachable';

export interface MonitorConnectionEvents {
  /** The socket opened; the relay's roster replay follows. */
  onOpen(): void;
  /** One frame from the relay, parsed; frames that are not JSON never get here. */
  onMessage(message: unknown): void;
  onStatus(status: MonitorStatus): void;
}

export interface MonitorConnection {
  /** Sends when connected; false when not. */
  send(message: SendMessage | KickMessage): boolean;
  /** Closes the socket for good. */
  close(): void;
}

const RETRY_MS = 1000;

/**
 * Connects to the relay as an installation and reconnects a second after any
 * drop. A socket that never opened was most likely refused (an address that
 * is not loopback, without ?token=): the browser cannot see the 401, so the
 * status says 'unreachable' and the page explains.
 */
export function connectMonitor(url: string, events: MonitorConnectionEvents): MonitorConnection {
  let socket: WebSocket | null = null;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let closed = false;
  let everOpened = false;

  function open(): void {
    const current = new WebSocket(url);
    socket = current;
    current.onopen = () => {
      everOpened = true;
      events.onStatus('connected');
      events.onOpen();
    };
    current.onmessage = (event: MessageEvent) => {
      if (typeof event.data !== 'string') return;
      let message: unknown;
      try {
        message = JSON.parse(event.data);
      } catch {
        return;
      }
      events.onMessage(message);
    };
    current.onclose = () => {
      if (closed || socket !== current) return;
      events.onStatus(everOpened ? 'reconnecting' : 'unreachable');
      retry = setTimeout(open, RETRY_MS);
    };
  }

  events.onStatus('connecting');
  open();
  return {
    send(message) {
      if (socket?.readyState !== WebSocket.OPEN) return false;
      socket.send(JSON.stringify(message));
      return true;
    },
    close() {
      closed = true;
      clearTimeout(retry);
      socket?.close();
    },
  };
}
