import { WebSocket, type ClientOptions } from 'ws';

/**
 * A received frame: the parsed JSON value, or the raw text when it is not JSON.
 * Typed loosely on purpose, so predicates read fields (`m.type === 'connect'`)
 * without casts; a test knows what it expects, and a string simply has no fields.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Received = any;

/** How the socket ended. */
export interface CloseInfo {
  code: number;
  reason: string;
}

export interface TestClient {
  /** The underlying socket, for what the helpers do not cover. */
  readonly socket: WebSocket;
  /** Every frame so far, in order. */
  readonly received: Received[];
  /** The same frames as the exact text that arrived. */
  readonly texts: string[];
  /** Sends a string as is, anything else as JSON. */
  send(message: unknown): void;
  /** Sends a binary frame. */
  sendBinary(data: Uint8Array): void;
  /** Sends bytes as a text frame, as they are: invalid UTF-8 too. */
  sendRawText(data: Uint8Array): void;
  /**
   * Stops reading from the network (nothing arrives, pings go unanswered), as a
   * stalled or half-open peer; `resume` reads again.
   */
  pause(): void;
  resume(): void;
  /** Resolves with the first not-yet-consumed frame matching `predicate` (any frame if omitted), and consumes it. */
  next(predicate?: (message: Received) => boolean, timeoutMs?: number): Promise<Received>;
  /** Resolves once `predicate` holds for everything received so far. */
  waitUntil(predicate: (received: Received[]) => boolean, timeoutMs?: number): Promise<void>;
  /** Resolves when the socket has closed, from either side, with the close code and reason. */
  readonly closed: Promise<CloseInfo>;
  /** Closes the socket and waits for the close to finish. */
  close(code?: number, reason?: string): Promise<CloseInfo>;
}

const DEFAULT_TIMEOUT_MS = 5000;

function parseFrame(text: string): Received {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * Opens a WebSocket and collects what arrives. Rejects if the handshake fails,
 * e.g. with "Unexpected server response: 401".
 */
export function openClient(url: string, options: ClientOptions = {}): Promise<TestClient> {
  const socket = new WebSocket(url, options);
  const received: Received[] = [];
  const texts: string[] = [];
  const consumed = new Set<number>();
  /** Re-checked on every frame (and on close) by whatever is waiting. */
  const waiters = new Set<() => void>();

  const closed = new Promise<CloseInfo>((resolve) => {
    socket.on('close', (code, reason) => {
      resolve({ code, reason: reason.toString() });
      for (const wake of [...waiters]) wake();
    });
  });

  socket.on('message', (data, isBinary) => {
    const text = isBinary ? `<binary ${(data as Buffer).length} bytes>` : String(data);
    texts.push(text);
    received.push(isBinary ? text : parseFrame(text));
    for (const wake of [...waiters]) wake();
  });

  /** Polls `check` on each frame until it yields a value or the time runs out. */
  function waitFor<T>(check: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
    return new Promise((resolve, reject) => {
      const wake = (): void => {
        const value = check();
        if (value === undefined) return;
        clearTimeout(timer);
        waiters.delete(wake);
        resolve(value);
      };
      const timer = setTimeout(() => {
        waiters.delete(wake);
        reject(
          new Error(
            `Timed out after ${timeoutMs} ms waiting for ${what} on ${url}; received: ${JSON.stringify(received)}`,
          ),
        );
      }, timeoutMs);
      waiters.add(wake);
      wake();
    });
  }

  const client: TestClient = {
    socket,
    received,
    texts,
    closed,
    send(message) {
      socket.send(typeof message === 'string' ? message : JSON.stringify(message));
    },
    sendBinary(data) {
      socket.send(data, { binary: true });
    },
    sendRawText(data) {
      socket.send(data, { binary: false });
    },
    pause() {
      socket.pause();
    },
    resume() {
      socket.resume();
    },
    next(predicate = () => true, timeoutMs = DEFAULT_TIMEOUT_MS) {
      return waitFor(
        () => {
          const index = received.findIndex((m, i) => !consumed.has(i) && predicate(m));
          if (index === -1) return undefined;
          consumed.add(index);
          return { message: received[index] };
        },
        timeoutMs,
        'a matching message',
      ).then(({ message }) => message);
    },
    waitUntil(predicate, timeoutMs = DEFAULT_TIMEOUT_MS) {
      return waitFor(() => (predicate(received) ? true : undefined), timeoutMs, 'a condition').then(
        () => undefined,
      );
    },
    close(code, reason) {
      if (socket.readyState === WebSocket.CONNECTING || socket.readyState === WebSocket.OPEN) {
        socket.close(code, reason);
      }
      return closed;
    },
  };

  return new Promise((resolve, reject) => {
    socket.once('open', () => {
      socket.off('error', reject);
      socket.on('error', () => {}); // reported through `closed`
      resolve(client);
    });
    socket.once('error', reject);
  });
}
