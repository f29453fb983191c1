import { randomBytes } from 'node:crypto';
import { WebSocket } from 'ws';

/** The bytes each ping carries; new every beat, so an old or invented pong never matches. */
const PING_PAYLOAD_BYTES = 8;

/** Pings phones; one that has not answered the latest ping by the next beat is cut off. */
export interface Heartbeat {
  /** A new socket counts as alive until its first beat, and is pinged once at once, for its round trip. */
  welcome(socket: WebSocket): void;
  /** The latest round trip of a ping to `socket`, in milliseconds, or null before its first answer. */
  roundTripOf(socket: WebSocket): number | null;
  /** When `socket` last answered a ping (performance.now()), or null before its first answer. */
  answeredAt(socket: WebSocket): number | null;
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
  // For the monitor: every socket of a beat is pinged with the same payload, nearly at once,
  // so one time per beat serves them all; the welcome ping has its own.
  let pingedAt = performance.now();
  const welcomedAt = new WeakMap<WebSocket, number>();
  const roundTrip = new WeakMap<WebSocket, { ms: number; at: number }>();

  const timer = setInterval(() => {
    payload = randomBytes(PING_PAYLOAD_BYTES);
    pingedAt = performance.now();
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
      welcomedAt.set(socket, performance.now());
      socket.ping(payload);
    },
    onPong(this: WebSocket, data: Buffer) {
      if (!data.equals(payload)) return;
      answered.add(this);
      const at = performance.now();
      // The answer to the welcome ping, unless a beat came between: then its own ping's.
      const sent = welcomedAt.get(this) ?? pingedAt;
      welcomedAt.delete(this);
      roundTrip.set(this, { ms: Math.max(0, at - Math.max(sent, pingedAt)), at });
    },
    roundTripOf: (socket) => roundTrip.get(socket)?.ms ?? null,
    answeredAt: (socket) => roundTrip.get(socket)?.at ?? null,
    stop: () => clearInterval(timer),
  };
}
