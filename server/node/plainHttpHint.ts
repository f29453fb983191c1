import type { Server as HttpsServer } from 'node:https';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';

/** The first byte of every TLS connection: a handshake record. */
const TLS_HANDSHAKE = 0x16;

/**
 * An `http://` request to an `--https` port would otherwise get an empty
 * reply (OpenSSL drops it), which tells the person at the browser nothing.
 * Each new connection's first bytes are read before TLS sees them: a TLS
 * handshake is put back and handed to the server's own TLS listener (which
 * takes over the bytes already read), anything else is answered in plain
 * text with a 400 that names the https address. `waitMs` bounds how long a
 * connection may stay silent before it is dropped.
 */
export function answerPlainHttp(server: HttpsServer, waitMs: number): void {
  const tlsListeners = server.listeners('connection') as ((socket: Socket) => void)[];
  server.removeAllListeners('connection');
  server.on('connection', (socket: Socket) => {
    const drop = (): void => void socket.destroy();
    socket.on('error', drop);
    socket.setTimeout(waitMs, drop);
    socket.once('data', (first: Buffer) => {
      socket.pause();
      socket.setTimeout(0);
      socket.off('error', drop);
      socket.unshift(first);
      if (first[0] === TLS_HANDSHAKE) {
        for (const listener of tlsListeners) listener.call(server, socket);
        return;
      }
      answerHint(socket, first);
    });
  });
}

/** The address to name: the Host the browser asked for, else the one it reached. */
function httpsAddress(socket: Socket, request: Buffer): string {
  const host = /\r\nhost:[ \t]*([^\s]+)/i.exec(request.toString('latin1', 0, 4096))?.[1];
  if (host !== undefined && /^[\w.:[\]-]+$/.test(host)) return `https://${host}/`;
  const address = socket.localAddress ?? 'localhost';
  const name = address.includes(':') ? `[${address}]` : address;
  return `https://${name}:${socket.localPort ?? ''}/`;
}

function answerHint(socket: Socket, request: Buffer): void {
  const body = `This port speaks HTTPS only: open ${httpsAddress(socket, request)} instead.\n`;
  socket.on('error', () => socket.destroy());
  socket.end(
    `HTTP/1.1 400 ${STATUS_CODES[400]}\r\n` +
      'Connection: close\r\n' +
      'Content-Type: text/plain; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
  // Whatever the client still sends is not read; the connection ends with the answer.
  socket.once('finish', () => socket.destroy());
}
