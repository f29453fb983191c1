import { STATUS_CODES, type IncomingMessage, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { checkInstallationAccess, normalizeAddress } from './access.js';
import { batchFromUrl } from './batchParameter.js';
import { isOriginAllowed } from './origin.js';
import { createRouter, type RouterStats, type RouterTransport } from './router.js';

/** Far above any contract message; a bigger frame closes the socket with 1009. */
export const MAX_PAYLOAD_BYTES = 8 * 1024;
/** How often phones are pinged; one silent for a whole interval is cut off. */
export const HEARTBEAT_INTERVAL_MS = 30_000;
/** A peer this far behind (a paused installation) is cut off; it reconnects to a fresh replay. */
export const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;
/** How long shutdown waits for close handshakes before cutting sockets off. */
const SHUTDOWN_GRACE_MS = 1000;
const GOING_AWAY = 1001;

export const CONTROLLER_PATH = '/ws';
export const INSTALLATION_PATH = '/';

/** Who may connect as an installation (see access.ts), and from which pages phones may (origin.ts). */
export interface RelayAccessOptions {
  token: string | undefined;
  installationFrom: readonly string[];
  /** Page origins besides the relay's own whose controllers are let in; none when omitted. */
  allowOrigins?: readonly string[];
}

/** Knobs for tests; the defaults are what the relay runs with. */
export interface RelayTuning {
  /** Where refusals and first drops are reported. */
  warn?: (line: string) => void;
  heartbeatIntervalMs?: number;
}

/** The WebSocket side of the relay, attached to an HTTP server's 'upgrade' event. */
export interface Relay {
  stats(): RouterStats;
  /** Detaches from the server and closes every socket. */
  close(): Promise<void>;
}

const textOf = (data: RawData): string =>
  Buffer.isBuffer(data)
    ? data.toString('utf8')
    : Buffer.concat(Array.isArray(data) ? data : [Buffer.from(data)]).toString('utf8');

/** Answers a refused upgrade with a real HTTP response, then drops the connection. */
function refuse(socket: Duplex, status: number, body: string): void {
  socket.on('error', () => socket.destroy());
  socket.once('finish', () => socket.destroy());
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n` +
      'Connection: close\r\n' +
      'Content-Type: text/plain; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

function closeWithin(socket: WebSocket, graceMs: number): Promise<void> {
  if (socket.readyState === WebSocket.CLOSED) return Promise.resolve();
  return new Promise((resolve) => {
    const cutOff = setTimeout(() => socket.terminate(), graceMs);
    socket.once('close', () => {
      clearTimeout(cutOff);
      resolve();
    });
    socket.close(GOING_AWAY, 'relay shutting down');
  });
}

/**
 * Routes upgrades on `server`: `/ws` to controllers, `/` to installations that
 * pass the access check, anything else 404.
 */
export function attachRelay(
  server: Server,
  access: RelayAccessOptions,
  {
    warn = (line) => console.error(line),
    heartbeatIntervalMs = HEARTBEAT_INTERVAL_MS,
  }: RelayTuning = {},
): Relay {
  const serverOptions = { noServer: true, perMessageDeflate: false, maxPayload: MAX_PAYLOAD_BYTES };
  const controllers = new WebSocketServer(serverOptions);
  const installations = new WebSocketServer(serverOptions);
  const warned = new Set<string>();
  const warnOnce = (key: string, line: string): void => {
    if (warned.has(key)) return;
    warned.add(key);
    warn(line);
  };

  const transport: RouterTransport<WebSocket> = {
    send(to, text) {
      if (to.readyState !== WebSocket.OPEN) return;
      if (to.bufferedAmount > MAX_BUFFERED_BYTES) {
        warnOnce('slow', 'crowdstick: cut off a peer that stopped reading (it may reconnect)');
        to.terminate();
        return;
      }
      to.send(text);
    },
    close(socket, code, reason) {
      socket.close(code, reason);
    },
  };
  const router = createRouter(transport, { warn });

  // ws reports protocol errors (too big, bad UTF-8) here after closing with the right code.
  const onSocketError = (error: Error & { code?: string }): void =>
    warnOnce(`error:${error.code}`, `crowdstick: closed a socket: ${error.message}`);

  /** Phones that answered the last ping; the rest are cut off at the next beat. */
  const answered = new WeakSet<WebSocket>();

  controllers.on('connection', (socket: WebSocket) => {
    answered.add(socket);
    router.controllerOpened(socket);
    socket.on('pong', () => answered.add(socket));
    socket.on('message', (data, isBinary) =>
      router.controllerMessage(socket, isBinary ? '' : textOf(data), isBinary),
    );
    socket.on('close', () => router.controllerClosed(socket));
    socket.on('error', onSocketError);
  });

  // The third argument is the checked `?batch=` rate that onUpgrade passes on.
  installations.on('connection', (socket: WebSocket, _: IncomingMessage, batch?: number) => {
    router.installationOpened(socket, batch);
    socket.on('message', (data, isBinary) =>
      router.installationMessage(socket, isBinary ? '' : textOf(data), isBinary),
    );
    socket.on('close', () => router.installationClosed(socket));
    socket.on('error', onSocketError);
  });

  // A phone that vanished from the network never closes its socket; without this its
  // user would stay live forever. Installations are left alone (some tools may not
  // answer pings); a dead one is cut off by MAX_BUFFERED_BYTES instead.
  const heartbeat = setInterval(() => {
    for (const socket of controllers.clients) {
      if (!answered.has(socket)) {
        socket.terminate();
        continue;
      }
      answered.delete(socket);
      socket.ping();
    }
  }, heartbeatIntervalMs);
  heartbeat.unref();

  function onUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const path = (request.url ?? '/').split('?')[0];
    if (path === CONTROLLER_PATH) {
      const origin = request.headers.origin;
      const allowedOrigins = access.allowOrigins ?? [];
      if (!isOriginAllowed({ origin, host: request.headers.host, allowedOrigins })) {
        // Once per relay, whatever the origin: a flood of made-up origins cannot grow the set.
        warnOnce(
          'origin',
          `crowdstick: refused a phone from the page origin ${String(origin).slice(0, 100)} (see --allow-origin)`,
        );
        refuse(socket, 403, 'This page is not allowed to connect (see --allow-origin)\n');
        return;
      }
      controllers.handleUpgrade(request, socket, head, (ws) =>
        controllers.emit('connection', ws, request),
      );
      return;
    }
    if (path !== INSTALLATION_PATH) {
      refuse(socket, 404, 'Not found: phones connect to /ws, installations to /\n');
      return;
    }
    const remoteAddress = request.socket.remoteAddress;
    const decision = checkInstallationAccess({
      remoteAddress,
      requestUrl: request.url,
      ...access,
    });
    if (!decision.allowed) {
      // Never log the URL: it may carry a (wrong or right) token.
      warn(
        `crowdstick: refused an installation from ${normalizeAddress(remoteAddress ?? '?')} (${decision.why})`,
      );
      refuse(socket, 401, 'Installations from other machines need ?token= (see --token)\n');
      return;
    }
    const batch = batchFromUrl(request.url);
    if (batch === 'invalid') {
      refuse(socket, 400, 'batch must be a whole number from 1 to 120\n');
      return;
    }
    installations.handleUpgrade(request, socket, head, (ws) =>
      installations.emit('connection', ws, request, batch),
    );
  }
  server.on('upgrade', onUpgrade);

  return {
    stats: () => router.stats(),
    async close() {
      server.off('upgrade', onUpgrade);
      clearInterval(heartbeat);
      const open = [...controllers.clients, ...installations.clients];
      await Promise.all(open.map((socket) => closeWithin(socket, SHUTDOWN_GRACE_MS)));
      await Promise.all(
        [controllers, installations].map(
          (wss) => new Promise<void>((resolve) => wss.close(() => resolve())),
        ),
      );
    },
  };
}
