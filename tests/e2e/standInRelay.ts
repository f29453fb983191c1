import { createServer, type Server } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';

/** A frame a phone sent, parsed. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type PhoneFrame = any;

/**
 * A relay of the test's own, on real sockets: it records every frame the
 * phones send, tells each phone slot 1 after its `connect` as the relay
 * does, serves `/layout.json` when given one (with the CORS header a page of
 * another origin needs), and sends events to the phones. The page itself
 * still comes from a real relay, pointed here with `?ws=`.
 */
export interface StandInRelay {
  /** `ws://127.0.0.1:N/ws`, for the page's `?ws=`. */
  socketUrl: string;
  /** Every frame from every phone, in order. */
  frames: PhoneFrame[];
  /** What `/layout.json` answers: a status and a body; 404 until set. */
  layoutAnswer: { status: number; body: string };
  /** Sends `{"event":NAME,"data":DATA}` to every phone. */
  sendEvent(event: string, data: unknown): void;
  /** Resolves once `check` holds for the frames so far; rejects after `timeoutMs`. */
  waitUntil(check: (frames: PhoneFrame[]) => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startStandInRelay(): Promise<StandInRelay> {
  const frames: PhoneFrame[] = [];
  const phones = new Set<WebSocket>();
  const waiters = new Set<() => void>();
  const relay = {
    layoutAnswer: { status: 404, body: 'Not found\n' },
  } as StandInRelay;
  const http: Server = createServer((request, response) => {
    if (request.url?.startsWith('/layout.json')) {
      const { status, body } = relay.layoutAnswer;
      response.writeHead(status, {
        'Content-Type': 'application/json',
        'Access-Control-Allow-Origin': '*',
      });
      response.end(body);
      return;
    }
    response.writeHead(404).end();
  });
  const sockets = new WebSocketServer({ server: http, path: '/ws' });
  sockets.on('connection', (socket) => {
    phones.add(socket);
    socket.on('close', () => phones.delete(socket));
    socket.on('message', (data) => {
      let frame: PhoneFrame;
      try {
        frame = JSON.parse(String(data));
      } catch {
        frame = String(data);
      }
      frames.push(frame);
      if (frame?.type === 'connect') socket.send(JSON.stringify({ event: 'slot', data: 1 }));
      waiters.forEach((wake) => wake());
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as { port: number };

  return Object.assign(relay, {
    socketUrl: `ws://127.0.0.1:${port}/ws`,
    frames,
    sendEvent(event: string, data: unknown) {
      const text = JSON.stringify({ event, data });
      phones.forEach((phone) => phone.send(text));
    },
    waitUntil(check: (all: PhoneFrame[]) => boolean, timeoutMs = 5000) {
      return new Promise<void>((resolve, reject) => {
        const wake = () => {
          if (!check(frames)) return;
          clearTimeout(timer);
          waiters.delete(wake);
          resolve();
        };
        const timer = setTimeout(() => {
          waiters.delete(wake);
          reject(new Error(`The phones' frames never matched: ${JSON.stringify(frames)}`));
        }, timeoutMs);
        waiters.add(wake);
        wake();
      });
    },
    async close() {
      phones.forEach((phone) => phone.terminate());
      await new Promise((resolve) => sockets.close(resolve));
      await new Promise((resolve) => http.close(resolve));
    },
  });
}
