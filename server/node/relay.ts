import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import {
  GOING_AWAY_CLOSE_CODE,
  GOING_AWAY_CLOSE_REASON,
  type PhoneEvent,
} from '../../src/shared/protocol.js';
import { closeWithin, createClosings } from './closing.js';
import { startHeartbeat } from './heartbeat.js';
import type { RelayOptions } from './options.js';
import type { PhoneTarget, RelayOutput } from '../core/output.js';
import { phonesMessage } from './phoneReport.js';
import type { UserState } from '../core/roster.js';
import type { LocalPhones } from '../core/relayCoreApi.js';
import {
  createRouter,
  type RouterOptions,
  type RouterStats,
  type RouterTransport,
} from '../router.js';
import { decideUpgrade, refuse, type RefusalReason, type RelayAccessOptions } from './upgrade.js';

/** How long shutdown waits for close handshakes before cutting sockets off. */
const SHUTDOWN_GRACE_MS = 1000;

/** How often monitors get their `phones` report. */
const PHONE_REPORT_MS = 1000;

export { CONTROLLER_PATH, INSTALLATION_PATH, type RelayAccessOptions } from './upgrade.js';

/** The limits the sockets live under (see the README's "Relay limits"). */
export type RelayLimits = Pick<
  RelayOptions,
  | 'maxPhones'
  | 'phoneRate'
  | 'phoneBurst'
  | 'floodLimit'
  | 'maxPayloadBytes'
  | 'heartbeatMs'
  | 'slowInstallationBytes'
  | 'maxBacklog'
  | 'phoneBufferBytes'
  | 'connectTimeoutMs'
  | 'kickSeconds'
>;

/** What the relay runs with besides its limits; the defaults are what the relay runs with. */
export interface RelayTuning {
  /** Where refusals and first drops are reported. */
  warn?: (line: string) => void;
  /** Where every accepted phone event goes besides the installations' sockets (OSC). */
  outputs?: readonly RelayOutput[];
  /** The URL visitors open, for the monitors' report; null when there is none to show. */
  phoneUrl?: () => string | null;
  /** For a node of a cluster: the bus, the slots and the other nodes' phones (server/cluster/). */
  cluster?: Pick<RouterOptions, 'bus' | 'slots' | 'remote'>;
}

/** The router's counters plus what only the socket side sees. */
export interface RelayStats extends RouterStats {
  /** Upgrades answered with an HTTP error, by reason. */
  refused: Partial<Record<RefusalReason, number>>;
  cutOff: RouterStats['cutOff'] & {
    /** Phones that missed a heartbeat. */
    silent: number;
  };
  /** Sockets the relay closed whose peer has not answered yet; each is ended within 5 s. */
  closing: number;
}

/** The WebSocket side of the relay, attached to an HTTP server's 'upgrade' event. */
export interface Relay {
  stats(): RelayStats;
  /** Every present user's latest state, for outputs that send the whole state now and then. */
  present(): Iterable<Readonly<UserState>>;
  /** The way back for an output's input (OSC in): an event to one phone, or all; false when nobody is there. */
  sendToPhones(target: PhoneTarget, event: PhoneEvent): boolean;
  /** This relay's own phones, for the other nodes of a cluster. */
  readonly here: LocalPhones;
  /** Detaches from the server and closes every socket. */
  close(): Promise<void>;
}

const textOf = (data: RawData): string =>
  Buffer.isBuffer(data)
    ? data.toString('utf8')
    : Buffer.concat(Array.isArray(data) ? data : [Buffer.from(data)]).toString('utf8');

const ignore = (): void => {};

/**
 * Routes upgrades on `server`: `/ws` to controllers, `/` to installations that
 * pass the access check, anything else 404.
 */
export function attachRelay(
  server: Server,
  access: RelayAccessOptions,
  /** Resolved once at start (start.ts), not merged with defaults again here. */
  limits: RelayLimits,
  {
    warn = (line) => console.error(line),
    outputs,
    phoneUrl = () => null,
    cluster,
  }: RelayTuning = {},
): Relay {
  const serverOptions = {
    noServer: true,
    perMessageDeflate: false,
    maxPayload: limits.maxPayloadBytes,
  };
  const controllers = new WebSocketServer(serverOptions);
  const installations = new WebSocketServer(serverOptions);
  const warned = new Set<string>();
  const warnOnce = (key: string, line: string): void => {
    if (warned.has(key)) return;
    warned.add(key);
    warn(line);
  };

  const refused: Partial<Record<RefusalReason, number>> = {};
  let silent = 0;
  const closings = createClosings();

  const transport: RouterTransport<WebSocket> = {
    send(to, text) {
      if (to.readyState === WebSocket.OPEN) to.send(text);
    },
    close: (socket, code, reason) => closings.close(socket, code, reason),
    // The router watches this to hold back a slow installation (see backlog.ts).
    buffered: (socket) => socket.bufferedAmount,
    terminate: (socket) => socket.terminate(),
  };
  const router = createRouter(transport, { warn, limits, outputs, ...cluster });

  // ws reports protocol errors (too big, bad UTF-8) here after closing with the right code.
  const onSocketError = (error: Error & { code?: string }): void =>
    warnOnce(`error:${error.code}`, `crowdstick: closed a socket: ${error.message}`);

  // Installations are left alone (some tools may not answer pings); a dead one
  // falls behind and is cut off by the backlog limit instead.
  const heartbeat = startHeartbeat(controllers.clients, limits.heartbeatMs, (socket) => {
    silent += 1;
    socket.terminate();
  });

  // One set of listeners shared by every socket (ws calls them with `this` the socket):
  // a phone costs no closures of its own, which counts with thousands of them.
  function onControllerMessage(this: WebSocket, data: RawData, isBinary: boolean): void {
    router.controllerMessage(this, isBinary ? '' : textOf(data), isBinary);
  }
  function onControllerClose(this: WebSocket): void {
    router.controllerClosed(this);
  }
  function onInstallationMessage(this: WebSocket, data: RawData, isBinary: boolean): void {
    router.installationMessage(this, isBinary ? '' : textOf(data), isBinary);
  }
  function onInstallationClose(this: WebSocket): void {
    router.installationClosed(this);
  }

  controllers.on('connection', (socket: WebSocket) => {
    socket.on('error', onSocketError);
    // Turned away (the relay is full): the core has closed it already.
    if (!router.controllerOpened(socket)) {
      socket.on('message', ignore);
      return;
    }
    heartbeat.welcome(socket);
    socket.on('pong', heartbeat.onPong);
    socket.on('message', onControllerMessage);
    socket.on('close', onControllerClose);
  });

  let reportedAt = performance.now();
  /** The `phones` report, made once and sent to `to` (every monitor, or a new one). */
  function reportPhones(to: Iterable<WebSocket>): void {
    const now = performance.now();
    const message = phonesMessage(router.takePhoneActivity(), heartbeat, {
      now,
      elapsedMs: now - reportedAt,
      phoneUrl: phoneUrl(),
    });
    reportedAt = now;
    const text = JSON.stringify(message);
    for (const monitor of to) transport.send(monitor, text);
  }
  // Only while a monitor is there does the report cost anything.
  const reports = setInterval(() => {
    const monitors = router.monitors();
    if (monitors.size > 0) reportPhones(monitors);
  }, PHONE_REPORT_MS);
  reports.unref();

  // After the socket, onUpgrade passes on the checked `?batch=` and `?crowd=` rates and
  // whether it is a monitor.
  installations.on(
    'connection',
    (socket: WebSocket, _: IncomingMessage, batch?: number, monitor = false, crowd?: number) => {
      router.installationOpened(socket, batch, monitor, crowd);
      socket.on('message', onInstallationMessage);
      socket.on('close', onInstallationClose);
      socket.on('error', onSocketError);
      // A new monitor lists the phones at once, not a second later.
      if (monitor) reportPhones([socket]);
    },
  );

  function onUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const decision = decideUpgrade(request, access);
    if (decision.kind === 'controller') {
      controllers.handleUpgrade(request, socket, head, (ws) =>
        controllers.emit('connection', ws, request),
      );
    } else if (decision.kind === 'installation') {
      installations.handleUpgrade(request, socket, head, (ws) =>
        installations.emit(
          'connection',
          ws,
          request,
          decision.batch,
          decision.monitor,
          decision.crowd,
        ),
      );
    } else {
      refused[decision.reason] = (refused[decision.reason] ?? 0) + 1;
      if (decision.log !== '') {
        if (decision.logOnce) warnOnce(decision.reason, decision.log);
        else warn(decision.log);
      }
      refuse(socket, decision.status, decision.body);
    }
  }
  server.on('upgrade', onUpgrade);

  return {
    present: () => router.present(),
    sendToPhones: (target, event) => router.sendToPhones(target, event),
    here: router.here,
    stats() {
      const stats = router.stats();
      return {
        ...stats,
        refused: { ...refused },
        cutOff: { ...stats.cutOff, silent },
        closing: closings.pending,
      };
    },
    async close() {
      server.off('upgrade', onUpgrade);
      heartbeat.stop();
      clearInterval(reports);
      // Installations hear every user leave before any socket closes (PROTOCOL.md).
      router.stop();
      const open = [...controllers.clients, ...installations.clients];
      await Promise.all(
        open.map((socket) =>
          closeWithin(socket, GOING_AWAY_CLOSE_CODE, GOING_AWAY_CLOSE_REASON, SHUTDOWN_GRACE_MS),
        ),
      );
      await Promise.all(
        [controllers, installations].map(
          (wss) => new Promise<void>((resolve) => wss.close(() => resolve())),
        ),
      );
    },
  };
}
