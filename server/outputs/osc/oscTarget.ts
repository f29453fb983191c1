import { createSocket, type Socket } from 'node:dgram';
import { lookup } from 'node:dns';
import { isIP } from 'node:net';
import { formatTarget, type OscAddress } from './oscOptions.js';

/**
 * Why a datagram did not reach a target, or a step towards it failed:
 * - `not-ready`: dropped, the target has no connected socket: its lookup or
 *   connect failed and waits for a retry, or `MAX_PENDING` bundles already
 *   wait for one under way;
 * - `unresolvable`: a lookup of the host name failed (one per attempt);
 * - `refused`: the target answered "port unreachable", nothing listens there;
 * - `unreachable`: no route to the host or network, or the host is down;
 * - `overflow`: dropped, more than `MAX_QUEUED_BYTES` waited to be sent already;
 * - `failed`: any other send or socket error.
 */
export type OscTargetErrorKind =
  'not-ready' | 'unresolvable' | 'refused' | 'unreachable' | 'overflow' | 'failed';

/** One target's figures, for `/healthz`. */
export interface OscTargetStats {
  host: string;
  port: number;
  /** The address the host name resolved to; null until it has. */
  address: string | null;
  /** Datagrams handed to the kernel, the events' bundles and refresh bundles in them, and their messages. */
  datagrams: number;
  bundles: number;
  messages: number;
  errors: Partial<Record<OscTargetErrorKind, number>>;
}

/** One OSC destination behind its own connected UDP socket. */
export interface OscTarget {
  /** Sends one datagram of `bundles` bundles and `messages` messages; never throws, never waits. */
  send(datagram: Buffer, messages: number, bundles?: number): void;
  /** Starts over if the lookup or connect failed; the output calls it on every refresh. */
  retry(): void;
  stats(): OscTargetStats;
  close(): Promise<void>;
}

/**
 * A target with this much waiting in its socket's send queue (which fills
 * once the kernel's buffer is full) is not keeping up, or its link is not:
 * later datagrams are dropped, not queued, so a slow target costs the relay
 * neither memory nor time. A few refreshes of the largest crowd fit.
 */
export const MAX_QUEUED_BYTES = 4 * 1024 * 1024;

/**
 * Bundles held while a lookup and connect are under way, so that the first
 * events are not lost to start-up; past this many, they are dropped.
 */
export const MAX_PENDING = 64;

const UNREACHABLE = new Set(['EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'ENETDOWN']);

function kindOf(error: NodeJS.ErrnoException): OscTargetErrorKind {
  if (error.code === 'ECONNREFUSED') return 'refused';
  return error.code !== undefined && UNREACHABLE.has(error.code) ? 'unreachable' : 'failed';
}

const WHY: Record<OscTargetErrorKind, string> = {
  'not-ready': 'dropped a bundle before the target was ready',
  unresolvable: 'could not resolve the host name; retrying on every refresh',
  refused: 'the port is unreachable (nothing listening there?)',
  unreachable: 'the host is unreachable',
  overflow: 'too much is waiting to be sent; dropping bundles',
  failed: 'a send failed',
};

/**
 * The address to send to. Of a name's addresses IPv4 comes first: OSC
 * receivers often listen on IPv4 only (liblo's oscdump does), and UDP has no
 * handshake to fall back on, so `localhost` must not mean `::1` to them.
 * `[::1]:9000` still means IPv6.
 */
function resolve(host: string, done: (error: Error | null, address?: string) => void): void {
  if (isIP(host) !== 0) return done(null, host);
  try {
    lookup(host, { all: true }, (error, addresses) => {
      const chosen = addresses?.find((a) => a.family === 4) ?? addresses?.[0];
      if (error || !chosen) done(error ?? new Error('no address'));
      else done(null, chosen.address);
    });
  } catch (error) {
    done(error as Error);
  }
}

/**
 * A connected socket per target, so that a target that is down is seen: the
 * kernel reports ICMP "port unreachable" as ECONNREFUSED to a connected UDP
 * socket only (on the next receive, so it arrives as the socket's 'error'
 * event, after the send reported success). Each socket also has the target's
 * own address family, and its own queue. The host name is resolved once; a
 * failed lookup or connect is retried on the refresh until it succeeds.
 */
export function createOscTarget(target: OscAddress, warn: (line: string) => void): OscTarget {
  const name = formatTarget(target);
  const errors: Partial<Record<OscTargetErrorKind, number>> = {};
  const warned = new Set<OscTargetErrorKind>();
  let state: 'resolving' | 'connecting' | 'ready' | 'broken' | 'closed' = 'resolving';
  let socket: Socket | null = null;
  let address: string | null = null;
  let datagrams = 0;
  let bundles = 0;
  let messages = 0;
  let pending: { datagram: Buffer; messages: number; bundles: number }[] = [];

  const count = (kind: OscTargetErrorKind, detail?: string) => {
    errors[kind] = (errors[kind] ?? 0) + 1;
    if (kind === 'not-ready' || warned.has(kind)) return;
    warned.add(kind);
    warn(
      `crowdstick: OSC target ${name}: ${WHY[kind]}${detail ? ` (${detail})` : ''}; further errors of this kind are only counted`,
    );
  };

  const dropSocket = () => {
    const old = socket;
    socket = null;
    try {
      old?.close();
    } catch {
      // Already closed: nothing to release.
    }
  };

  /** Gives up until the next retry; what was held for the connect is lost. */
  const broken = () => {
    state = 'broken';
    for (let n = 0; n < pending.length; n++) count('not-ready');
    pending = [];
  };

  const onSocketError = (error: NodeJS.ErrnoException) => {
    count(kindOf(error), error.code ?? error.message);
    // A failed connect leaves the socket unusable; received errors (ICMP) do not.
    if (error.syscall === 'connect' || state === 'connecting') {
      if (state !== 'closed') broken();
      dropSocket();
    }
  };

  const connect = (to: string) => {
    try {
      const own = createSocket(isIP(to) === 6 ? 'udp6' : 'udp4');
      socket = own;
      own.on('error', onSocketError);
      own.connect(target.port, to, () => {
        if (socket !== own || state !== 'connecting') return;
        state = 'ready';
        const held = pending;
        pending = [];
        for (const waiting of held) send(waiting.datagram, waiting.messages, waiting.bundles);
      });
    } catch (error) {
      onSocketError(error as NodeJS.ErrnoException);
    }
  };

  const start = () => {
    state = 'resolving';
    resolve(target.host, (error, resolved) => {
      if (state !== 'resolving') return; // closed meanwhile
      if (error || resolved === undefined) {
        broken();
        count('unresolvable', (error as NodeJS.ErrnoException | null)?.code ?? error?.message);
        return;
      }
      address = resolved;
      state = 'connecting';
      connect(resolved);
    });
  };
  function send(datagram: Buffer, messageCount: number, bundleCount = 1): void {
    const own = socket;
    if (state === 'resolving' || state === 'connecting') {
      if (pending.length < MAX_PENDING)
        pending.push({ datagram, messages: messageCount, bundles: bundleCount });
      else count('not-ready');
      return;
    }
    if (state !== 'ready' || !own) return count('not-ready');
    try {
      if (own.getSendQueueSize() > MAX_QUEUED_BYTES) return count('overflow');
      own.send(datagram, (error) => {
        if (error) count(kindOf(error), (error as NodeJS.ErrnoException).code ?? error.message);
        else {
          datagrams += 1;
          bundles += bundleCount;
          messages += messageCount;
        }
      });
    } catch (error) {
      count('failed', (error as Error).message);
    }
  }

  start();

  return {
    send,
    retry() {
      if (state === 'broken') start();
    },
    stats: () => ({
      host: target.host,
      port: target.port,
      address,
      datagrams,
      bundles,
      messages,
      errors: { ...errors },
    }),
    close() {
      state = 'closed';
      pending = [];
      const own = socket;
      socket = null;
      if (!own) return Promise.resolve();
      return new Promise<void>((done) => {
        try {
          own.close(() => done());
        } catch {
          done();
        }
      });
    },
  };
}
