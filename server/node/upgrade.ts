import { STATUS_CODES, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { checkInstallationAccess, normalizeAddress } from './access.js';
import { batchFromUrl, crowdFromUrl } from './batchParameter.js';
import { isOriginAllowed } from './origin.js';
import {
  BAD_BATCH_CLOSE_REASON,
  BAD_CROWD_CLOSE_REASON,
  MONITOR_PARAMETER,
} from '../../src/shared/protocol.js';

export const CONTROLLER_PATH = '/ws';
export const INSTALLATION_PATH = '/';

/** Who may connect as an installation (see access.ts), and from which pages phones may (origin.ts). */
export interface RelayAccessOptions {
  token: string | undefined;
  installationFrom: readonly string[];
  /** Page origins besides the relay's own whose controllers are let in; none when omitted. */
  allowOrigins?: readonly string[];
}

/** Why an upgrade was turned away. */
export type RefusalReason =
  'origin' | 'no-token' | 'wrong-token' | 'path' | 'bad-batch' | 'bad-crowd';

/** Where an upgrade goes: to the phones' or the installations' socket server, or back with an HTTP error. */
export type UpgradeDecision =
  | { kind: 'controller' }
  | {
      kind: 'installation';
      batch: number | undefined;
      /** `?crowd=N`: the crowd messages a second it asked for. */
      crowd: number | undefined;
      /** `?monitor=1`: the built-in monitor (or any tool that wants its `phones` report). */
      monitor: boolean;
    }
  | {
      kind: 'refused';
      reason: RefusalReason;
      status: number;
      body: string;
      /** The line for the log; never the URL, which may carry a token. */
      log: string;
      /** Log only the first of its kind: the origin is the client's to invent, endlessly. */
      logOnce: boolean;
    };

/** A `?batch=` or `?crowd=` that is no rate: refused, rather than quietly streaming something else. */
function badRate(name: 'batch' | 'crowd'): UpgradeDecision {
  return {
    kind: 'refused',
    reason: name === 'batch' ? 'bad-batch' : 'bad-crowd',
    status: 400,
    body: `${name === 'batch' ? BAD_BATCH_CLOSE_REASON : BAD_CROWD_CLOSE_REASON}\n`,
    log: '',
    logOnce: true,
  };
}

/**
 * Decides an upgrade by path: `/ws` for phones from allowed pages, `/` for
 * installations that pass the access check (with a valid `?batch=`), anything
 * else 404.
 */
export function decideUpgrade(
  request: IncomingMessage,
  access: RelayAccessOptions,
): UpgradeDecision {
  const path = (request.url ?? '/').split('?')[0];
  if (path === CONTROLLER_PATH) {
    const origin = request.headers.origin;
    const allowedOrigins = access.allowOrigins ?? [];
    if (isOriginAllowed({ origin, host: request.headers.host, allowedOrigins })) {
      return { kind: 'controller' };
    }
    return {
      kind: 'refused',
      reason: 'origin',
      status: 403,
      body: 'This page is not allowed to connect (see --allow-origin)\n',
      log: `crowdstick: refused a phone from the page origin ${String(origin).slice(0, 100)} (see --allow-origin)`,
      logOnce: true,
    };
  }
  if (path !== INSTALLATION_PATH) {
    return {
      kind: 'refused',
      reason: 'path',
      status: 404,
      body: 'Not found: phones connect to /ws, installations to /\n',
      log: '',
      logOnce: true,
    };
  }
  const remoteAddress = request.socket.remoteAddress;
  const decision = checkInstallationAccess({ remoteAddress, requestUrl: request.url, ...access });
  if (!decision.allowed) {
    return {
      kind: 'refused',
      reason: decision.why,
      status: 401,
      body: 'Installations from other machines need ?token= (see --token)\n',
      log: `crowdstick: refused an installation from ${normalizeAddress(remoteAddress ?? '?')} (${decision.why})`,
      logOnce: false,
    };
  }
  const batch = batchFromUrl(request.url);
  if (batch === 'invalid') return badRate('batch');
  const crowd = crowdFromUrl(request.url);
  if (crowd === 'invalid') return badRate('crowd');
  return { kind: 'installation', batch, crowd, monitor: isMonitorUrl(request.url) };
}

/** Whether an installation's URL asks to be a monitor: `?monitor=1`, access checked as for any installation. */
function isMonitorUrl(requestUrl: string | undefined): boolean {
  const queryStart = requestUrl?.indexOf('?') ?? -1;
  if (requestUrl === undefined || queryStart === -1) return false;
  return new URLSearchParams(requestUrl.slice(queryStart + 1)).get(MONITOR_PARAMETER) === '1';
}

/** Answers a refused upgrade with a real HTTP response, then drops the connection. */
export function refuse(socket: Duplex, status: number, body: string): void {
  socket.on('error', () => socket.destroy());
  socket.once('finish', () => socket.destroy());
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n` +
      'Connection: close\r\n' +
      'Content-Type: text/plain; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}
