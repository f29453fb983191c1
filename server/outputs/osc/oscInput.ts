import { createSocket, type RemoteInfo } from 'node:dgram';
import { isIP } from 'node:net';
import { decodePacket } from './oscDecode.js';
import { formatTarget, type OscAddress } from './oscOptions.js';
import { readOscSend, type OscSend, type OscSendProblem } from './oscSend.js';

/** What OSC in needs from the relay. */
export interface OscInputOptions extends OscAddress {
  /**
   * Whether a sender may talk to the phones; the relay decides (loopback, or
   * `--installation-from`). It gets the address as the socket reports it,
   * which on an IPv6 socket may be IPv4-mapped (`::ffff:10.0.0.5`).
   */
  allowed(address: string): boolean;
  /** Passes one `send` on, the same as an installation's JSON `send`. */
  onSend(to: OscSend['to'], event: string, data: unknown): void;
  /** Where the first drop of each kind is reported. */
  warn(line: string): void;
}

/** Why a packet, or one message of a bundle, was dropped: not OSC at all, or not a good `send`. */
export type OscMalformedKind = 'not-osc' | OscSendProblem;

/** OSC in's figures, for `/healthz`. */
export interface OscInputStats {
  /** Datagrams that arrived, refused ones included. */
  received: number;
  /** `send`s passed on. */
  sent: number;
  /** Packets, and messages within bundles, that were not a good `send`. */
  malformed: number;
  /** The same, by kind. */
  malformedBy: Partial<Record<OscMalformedKind, number>>;
  /** Datagrams from senders `allowed` refused. */
  refused: number;
}

export interface OscInput {
  /** The port it listens on: the one asked for, or the one picked for port 0. */
  port: number;
  stats(): OscInputStats;
  close(): Promise<void>;
}

/**
 * Listens for `/crowdstick/send` (PROTOCOL.md, OSC), alone or in bundles, and
 * passes each on with `onSend`. Inside the handler nothing throws: a packet
 * from a refused sender, or one that is not a good `send`, is counted, the
 * first of each kind logged, and dropped. Rejects, with the line to print,
 * when it cannot listen.
 */
export function createOscInput(options: OscInputOptions): Promise<OscInput> {
  const { allowed, onSend, warn } = options;
  const socket = createSocket(isIP(options.host) === 6 ? 'udp6' : 'udp4');
  const malformedBy: Partial<Record<OscMalformedKind, number>> = {};
  let received = 0;
  let sent = 0;
  let malformed = 0;
  let refused = 0;
  const warned = new Set<string>();
  const warnOnce = (kind: string, line: string) => {
    if (warned.has(kind)) return;
    warned.add(kind);
    warn(line);
  };

  const drop = (kind: OscMalformedKind, from: RemoteInfo) => {
    malformed += 1;
    malformedBy[kind] = (malformedBy[kind] ?? 0) + 1;
    warnOnce(
      kind,
      `crowdstick: OSC in dropped a packet from ${from.address} (${kind}); further drops of this kind are only counted`,
    );
  };

  const pass = (send: OscSend) => {
    try {
      onSend(send.to, send.event, send.data);
      sent += 1;
    } catch (error) {
      warnOnce(
        'on-send',
        `crowdstick: OSC in could not pass a send on (${(error as Error)?.message ?? error}); further failures are only logged once`,
      );
    }
  };

  socket.on('message', (packet, from) => {
    received += 1;
    try {
      if (!allowed(from.address)) {
        refused += 1;
        warnOnce(
          'refused',
          `crowdstick: OSC in refused a packet from ${from.address} (not an allowed sender); further refusals are only counted`,
        );
        return;
      }
      const { messages, broken } = decodePacket(packet);
      for (let i = 0; i < broken; i++) drop('not-osc', from);
      for (const message of messages) {
        const read = readOscSend(message);
        if (read.ok) pass(read.send);
        else drop(read.problem, from);
      }
    } catch (error) {
      warnOnce('handler', `crowdstick: OSC in failed on a packet (${(error as Error)?.message})`);
    }
  });

  return new Promise((resolve, reject) => {
    const failToListen = (error: NodeJS.ErrnoException) => {
      try {
        socket.close();
      } catch {
        // Never bound: nothing to release.
      }
      reject(
        new Error(
          `crowdstick: --osc-in could not listen on ${formatTarget(options)} (${error.code ?? error.message})`,
        ),
      );
    };
    socket.once('error', failToListen);
    socket.bind(options.port, options.host, () => {
      socket.off('error', failToListen);
      // After start-up a UDP receiver's errors are rare (ICMP for a reply we never
      // send); they must not end the relay.
      socket.on('error', (error: NodeJS.ErrnoException) =>
        warnOnce('socket', `crowdstick: OSC in socket error (${error.code ?? error.message})`),
      );
      let closing: Promise<void> | null = null;
      resolve({
        port: socket.address().port,
        stats: () => ({ received, sent, malformed, malformedBy: { ...malformedBy }, refused }),
        close: () =>
          (closing ??= new Promise<void>((done) => {
            try {
              socket.close(() => done());
            } catch {
              done();
            }
          })),
      });
    });
  });
}
