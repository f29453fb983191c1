import { randomBytes } from 'node:crypto';
import { WebSocket } from 'ws';

/** The bytes each ping carries; new every beat, so an old or invented pong never matches. */
const PING_PAYLOAD_BYTES = 8;

/** Pings phones; one that has not answered the latest ping by the next beat is cut off. */
export interface Heartbeat {
  /** A new socket counts as alive until its first ping is due. */
  welcome(socket: WebSocket): void;
  /** ws's 'pong' listener, called with the socket as `this`. */
  onPong(this: WebSocket, data: Buffer): void;
  stop(): void;
}

/**
 * A phone that vanished from the network never closes its socket; without
 * this its user would stay live forever. Only a pong that carries the latest
 * ping's payload counts: a phone that stopped reading never sees the ping, so
 * pongs it sends unasked (any client may) prove nothing.
 */
export function startHeartbeat(
  sockets: Set<WebSocket>,
  intervalMs: number,
  onSilent: (socket: WebSocket) => void,
): Heartbeat {
  const answered = new WeakSet<WebSocket>();
  let payload = randomBytes(PING_PAYLOAD_BYTES);

  const timer = setInterval(() => {
    payload = randomBytes(PING_PAYLOAD_BYTES);
    for (const socket of sockets) {
      // Turned away or closing: those are ended by their close.
      if (socket.readyState !== WebSocket.OPEN) continue;
      if (!answered.has(socket)) {
        onSilent(socket);
        continue;
      }
      answered.delete(socket);
      socket.ping(payload);
    }
  }, intervalMs);
  timer.unref();

  return {
    welcome(socket) {
      answered.add(socket);
    },
    onPong(this: WebSocket, data: Buffer) {
      if (data.equals(payload)) answered.add(this);
    },
    stop: () => clearInterval(timer),
  };
}
