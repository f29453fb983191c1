import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import { createRequestHandler } from './http.js';
import { phoneUrls } from './lanUrls.js';
import { DEFAULT_OPTIONS, listenBacklogFor, type RelayOptions } from './options.js';
import { createOscSide, type OscSide } from '../outputs/osc/oscRelay.js';
import { answerPlainHttp } from './plainHttpHint.js';
import type { NodeReport } from '../cluster/presence.js';
import { MAX_SLOT } from '../../src/shared/protocol.js';
import { createRecorder, type Recorder, type RecorderStats } from '../outputs/record/recorder.js';
import { attachRelay, type Relay, type RelayStats } from './relay.js';
import { connectionCap, openFileLimit } from './systemLimits.js';
import type { TlsMaterial } from './tls.js';

/** A relay that is listening. */
export interface RunningRelay {
  /** The actual port (the one picked when asked for port 0). */
  port: number;
  /** The address actually bound. */
  host: string;
  /** The URLs phones on the LAN can open, at start-up; may be empty. */
  phoneUrls: string[];
  /** The URL visitors open: `--public-url`, else the first LAN URL where the app is served; null for none. */
  phoneUrl: string | null;
  /** Whether it serves https and wss. */
  secure: boolean;
  /** The listen backlog asked of the kernel. */
  listenBacklog: number;
  /** The open-file limit the relay runs under, when the system tells it. */
  fileLimit: number | null;
  /** The UDP port OSC in listens on (`--osc-in`), or null. */
  oscInPort: number | null;
  /** Open sockets, users, messages and drop counts. */
  stats(): RunningStats;
  /** Closes every socket and the server; safe to call more than once. */
  close(): Promise<void>;
}

/** The relay's counters plus the server's own. */
export interface RunningStats extends RelayStats {
  cutOff: RelayStats['cutOff'] & {
    /** New connections dropped at the open-file limit. */
    fdLimit: number;
  };
  /** The OSC output's and input's figures, when `--osc` or `--osc-in` is given. */
  osc?: ReturnType<OscSide['stats']>;
  /** The record file's figures, with `--record`. */
  record?: RecorderStats;
}

/** Accept errors that mean the process is out of file descriptors. */
const OUT_OF_DESCRIPTORS = new Set(['EMFILE', 'ENFILE']);

/** Errors that mean "this machine has no IPv6", where '::' cannot be bound. */
const NO_IPV6 = new Set(['EAFNOSUPPORT', 'EADDRNOTAVAIL']);

function listen(server: Server, port: number, host: string, backlog: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port, host, backlog }, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

async function listenWithFallback(
  server: Server,
  port: number,
  host: string,
  backlog: number,
): Promise<string> {
  try {
    await listen(server, port, host, backlog);
    return host;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    if (host !== '::' || !NO_IPV6.has(code)) throw error;
    await listen(server, port, '0.0.0.0', backlog);
    return '0.0.0.0';
  }
}

/**
 * Starts the HTTP server (HTTPS with `tls`, see tls.ts) with the relay on it;
 * resolves once it listens.
 */
export async function startRelay(
  /** As parseOptions resolved them, defaults included: they are not merged again anywhere. */
  options: RelayOptions,
  tls: TlsMaterial | null = null,
): Promise<RunningRelay> {
  let port = options.port;
  let host = options.host;
  const secure = tls !== null;
  // An https.Server is an http.Server to everything that follows: requests, upgrades, listen.
  // A request, an upgrade included, that dribbles in its headers (slowloris) is cut
  // off after headersTimeoutMs; Node checks its connections this often.
  const timeouts = {
    headersTimeout: options.headersTimeoutMs,
    requestTimeout: options.headersTimeoutMs + 1000,
    connectionsCheckingInterval: Math.min(1000, options.headersTimeoutMs / 2),
  };
  let server: Server;
  if (secure) {
    const https = createHttpsServer({ cert: tls.cert, key: tls.key, ...timeouts });
    answerPlainHttp(https, options.headersTimeoutMs);
    server = https;
  } else {
    server = createHttpServer(timeouts);
  }
  // The OSC refresh reads the relay's users, and the relay is made with the OSC output.
  let relayForOsc: Relay | null = null;
  const osc = createOscSide(
    {
      osc: options.osc,
      oscIn: options.oscIn,
      installationFrom: options.installationFrom,
      crowdHz: options.oscCrowdHz,
      warn: (line) => console.error(line),
    },
    () => relayForOsc?.present() ?? [],
  );
  const oscConfigured = options.osc.length > 0 || options.oscIn !== null;
  // Opened first, so a file that cannot be written fails the start before anything listens.
  let recorder: Recorder | null = null;
  try {
    recorder =
      options.record === null
        ? null
        : createRecorder({
            file: options.record,
            maxBytes: options.recordMaxBytes,
            keep: options.recordKeep,
            warn: (line) => console.error(line),
          });
  } catch (error) {
    await osc.close();
    throw error;
  }
  const currentPhoneUrls = (): string[] => phoneUrls(networkInterfaces(), host, port, secure);
  const phoneUrl = (): string | null =>
    options.publicUrl ?? (options.appDir === null ? null : (currentPhoneUrls()[0] ?? null));
  const cluster =
    options.redis === null
      ? null
      : // Loaded only for a node of a cluster: a relay of its own never loads the Redis client.
        (await import('../cluster/clusterNode.js')).createClusterNode({
          url: options.redis,
          maxSlots: MAX_SLOT,
          warn: (line) => console.error(line),
        });
  const relay = attachRelay(server, options, options, {
    ...(cluster
      ? { cluster: { bus: cluster.bus, slots: cluster.slots, remote: cluster.bus } }
      : {}),
    outputs: [...(osc.output ? [osc.output] : []), ...(recorder ? [recorder] : [])],
    phoneUrl,
  });
  relayForOsc = relay;
  const fileLimit = openFileLimit();
  const droppedAtFileLimit = watchFileLimit(server, fileLimit);
  const stats = (): RunningStats => {
    const relayStats = relay.stats();
    return {
      ...relayStats,
      cutOff: { ...relayStats.cutOff, fdLimit: droppedAtFileLimit() },
      ...(oscConfigured ? { osc: osc.stats() } : {}),
      ...(recorder ? { record: recorder.stats() } : {}),
      ...(cluster ? cluster.stats(nodeReport()) : {}),
    };
  };
  /** What this node tells the others of itself: its own phones, installations and users. */
  function nodeReport(): NodeReport {
    const { controllers, installations, users } = relay.stats();
    let elsewhere = 0;
    for (const count of cluster?.bus.remoteUsers().values() ?? []) elsewhere += count;
    return { phones: controllers, installations, users: users - elsewhere };
  }
  server.on(
    'request',
    createRequestHandler({
      appDir: options.appDir,
      monitorDir: DEFAULT_OPTIONS.appDir,
      ...(options.publicUrl !== undefined ? { publicUrl: options.publicUrl } : {}),
      ...(options.layout !== null ? { layout: options.layout } : {}),
      counts: stats,
      phoneUrls: currentPhoneUrls,
    }),
  );

  try {
    // Joined before listening: a phone that connects first must already get a cluster-wide slot.
    await cluster?.join(relay.here, nodeReport);
    host = await listenWithFallback(server, options.port, options.host, listenBacklogFor(options));
  } catch (error) {
    await Promise.all([relay.close(), osc.close()]);
    await cluster?.close();
    recorder?.close();
    throw error;
  }
  port = (server.address() as AddressInfo).port;
  try {
    await osc.listen(relay);
  } catch (error) {
    await Promise.all([relay.close(), osc.close()]);
    recorder?.close();
    server.close();
    throw error;
  }

  let closing: Promise<void> | null = null;
  const close = async (): Promise<void> => {
    const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()));
    // Installations and OSC receivers hear every user leave before anything closes.
    await relay.close();
    await osc.close();
    // After the relay: the other nodes hear this node's users leave before it goes.
    await cluster?.close();
    // After the relay, so the record ends with everyone's delete.
    recorder?.close();
    // Keep-alive HTTP connections would otherwise hold the server open.
    server.closeAllConnections();
    await serverClosed;
  };

  return {
    port,
    host,
    phoneUrls: currentPhoneUrls(),
    phoneUrl: phoneUrl(),
    secure,
    listenBacklog: listenBacklogFor(options),
    fileLimit,
    oscInPort: osc.inPort(),
    stats,
    close: () => (closing ??= close()),
  };
}

/**
 * At the open-file limit libuv resets new connections without a word, so
 * nothing, /healthz included, tells why phones cannot get in. Below the limit
 * (with descriptors to spare) Node drops them itself and says so: each is
 * counted, the first logged. An accept that fails for want of descriptors
 * all the same is counted too; any other server error is still thrown.
 * Returns the count so far.
 */
function watchFileLimit(server: Server, fileLimit: number | null): () => number {
  let dropped = 0;
  const count = (): void => {
    dropped += 1;
    if (dropped === 1) {
      console.error(
        `crowdstick: dropped a new connection at the open-file limit (ulimit -n ${fileLimit ?? '?'}); further ones are only counted (cutOff.fdLimit)`,
      );
    }
  };
  const cap = connectionCap(fileLimit);
  if (cap !== null) server.maxConnections = cap;
  server.on('drop', count);
  server.once('listening', () =>
    server.on('error', (error: NodeJS.ErrnoException) => {
      if (error.syscall === 'accept' && OUT_OF_DESCRIPTORS.has(error.code ?? '')) count();
      else throw error;
    }),
  );
  return () => dropped;
}
