import { WebSocket } from 'ws';

/**
 * How long a socket the relay closed may wait for its peer's close frame
 * before its connection is ended: ws alone waits 30 s, and a peer that never
 * answers (a phone that is gone, a turned-away script that does not read)
 * holds a file descriptor all that time.
 */
export const CLOSE_GRACE_MS = 5000;

/** Sockets the relay is done with, each ended within a grace period of its close frame. */
export interface Closings {
  /** Sends the close frame and ends the connection if the peer has not answered within the grace. */
  close(socket: WebSocket, code: number, reason: string): void;
  /** Sockets closed by the relay whose peer has not answered yet. */
  readonly pending: number;
}

export function createClosings(graceMs = CLOSE_GRACE_MS): Closings {
  let pending = 0;
  return {
    close(socket, code, reason) {
      if (socket.readyState === WebSocket.CLOSED) return;
      // Already closing: the first close's timer is running.
      if (socket.readyState === WebSocket.CLOSING) return;
      pending += 1;
      const endLater = setTimeout(() => socket.terminate(), graceMs);
      socket.once('close', () => {
        pending -= 1;
        clearTimeout(endLater);
      });
      socket.close(code, reason);
    },
    get pending() {
      return pending;
    },
  };
}

/** For a stop: closes with `code` and resolves once closed, cutting the connection off after `graceMs`. */
export function closeWithin(
  socket: WebSocket,
  code: number,
  reason: string,
  graceMs: number,
): Promise<void> {
  if (socket.readyState === WebSocket.CLOSED) return Promise.resolve();
  return new Promise((resolve) => {
    const cutOff = setTimeout(() => socket.terminate(), graceMs);
    socket.once('close', () => {
      clearTimeout(cutOff);
      resolve();
    });
    socket.close(code, reason);
  });
}
