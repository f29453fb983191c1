import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';

/**
 * A WebSocket peer written on a bare TCP socket, for what a well-behaved
 * client library never does: it reads every frame but never answers a close
 * frame, as a phone that walked out of range or a script stuck elsewhere.
 */
export interface RawWebSocket {
  readonly socket: Socket;
  /** Sends one masked text frame (payloads under 126 bytes, which is all the tests need). */
  sendText(text: string): void;
  /** Resolves with the close code once the peer's close frame arrives, and when (performance.now()). */
  readonly closeFrame: Promise<{ code: number; at: number }>;
  /** Resolves when the TCP connection has ended (FIN or reset), with when. */
  readonly ended: Promise<{ at: number }>;
}

const OPCODE_CLOSE = 0x8;
const OPCODE_TEXT = 0x1;

/** Opens `ws://host:port/path` by hand; resolves once the server answered 101. */
export function openRawWebSocket(
  port: number,
  path = '/ws',
  host = '127.0.0.1',
): Promise<RawWebSocket> {
  const socket = connect(port, host);
  let buffer = Buffer.alloc(0);
  let upgraded = false;
  let onClose: (value: { code: number; at: number }) => void = () => {};
  const closeFrame = new Promise<{ code: number; at: number }>((resolve) => (onClose = resolve));
  const ended = new Promise<{ at: number }>((resolve) => {
    socket.once('close', () => resolve({ at: performance.now() }));
  });
  socket.on('error', () => {}); // a reset shows as `ended`

  /** Reads whole frames from the buffer; only the close frame matters here. */
  function readFrames(): void {
    while (buffer.length >= 2) {
      const opcode = buffer[0]! & 0x0f;
      let length = buffer[1]! & 0x7f;
      let offset = 2;
      if (length === 126) {
        if (buffer.length < 4) return;
        length = buffer.readUInt16BE(2);
        offset = 4;
      } else if (length === 127) {
        if (buffer.length < 10) return;
        length = Number(buffer.readBigUInt64BE(2));
        offset = 10;
      }
      if (buffer.length < offset + length) return;
      const payload = buffer.subarray(offset, offset + length);
      buffer = buffer.subarray(offset + length);
      if (opcode === OPCODE_CLOSE) {
        onClose({
          code: payload.length >= 2 ? payload.readUInt16BE(0) : 1005,
          at: performance.now(),
        });
      }
    }
  }

  return new Promise((resolve, reject) => {
    socket.once('connect', () => {
      socket.write(
        `GET ${path} HTTP/1.1\r\nHost: ${host}:${port}\r\nUpgrade: websocket\r\n` +
          'Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\n' +
          `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\n\r\n`,
      );
    });
    socket.once('close', () => {
      if (!upgraded)
        reject(new Error(`the upgrade was not answered with 101: ${buffer.toString()}`));
    });
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      if (!upgraded) {
        const headEnd = buffer.indexOf('\r\n\r\n');
        if (headEnd === -1) return;
        const head = buffer.subarray(0, headEnd).toString();
        if (!head.startsWith('HTTP/1.1 101')) {
          socket.destroy();
          reject(new Error(`the upgrade was answered ${head.split('\r\n')[0]}`));
          return;
        }
        upgraded = true;
        buffer = buffer.subarray(headEnd + 4);
        resolve({
          socket,
          closeFrame,
          ended,
          sendText(text) {
            const payload = Buffer.from(text);
            if (payload.length >= 126) throw new Error('sendText takes payloads under 126 bytes');
            const mask = randomBytes(4);
            const masked = Buffer.from(payload.map((byte, i) => byte ^ mask[i % 4]!));
            socket.write(
              Buffer.concat([
                Buffer.from([0x80 | OPCODE_TEXT, 0x80 | payload.length]),
                mask,
                masked,
              ]),
            );
          },
        });
      }
      readFrames();
    });
  });
}
