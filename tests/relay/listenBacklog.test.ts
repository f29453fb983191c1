import { connect, type Socket } from 'node:net';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { startRelayProcess, type RelayProcess } from '../helpers/relayProcess';

/**
 * A crowd that arrives at once must find room in the kernel's queue of
 * connections the relay has not accepted yet; a SYN that finds it full waits
 * for its retransmit, 1 s later. The relay is stopped (SIGSTOP) while the
 * burst arrives, so the queue alone decides who gets in: the kernel completes
 * the handshake of every connection that fits, and drops the rest.
 */
const somaxconn = Number(readFileSync('/proc/sys/net/core/somaxconn', 'utf8'));
/** Past Node's old 511, within what the kernel allows any backlog (4096 on this machine). */
const BURST = Math.min(1200, somaxconn);
/** Well before the first SYN retransmit (1 s). */
const WAIT_MS = 600;

let relay: RelayProcess | undefined;
const sockets: Socket[] = [];

afterEach(async () => {
  if (relay) process.kill(relay.pid, 'SIGCONT');
  for (const socket of sockets.splice(0)) socket.destroy();
  await relay?.stop();
  relay = undefined;
});

/** Opens `count` connections while the relay is stopped; resolves with how many the kernel took. */
async function burstWhileStopped(port: number, count: number): Promise<number> {
  process.kill(relay!.pid, 'SIGSTOP');
  let connected = 0;
  for (let i = 0; i < count; i += 1) {
    const socket = connect(port, '127.0.0.1');
    socket.on('connect', () => (connected += 1));
    socket.on('error', () => {});
    sockets.push(socket);
  }
  await new Promise((resolve) => setTimeout(resolve, WAIT_MS));
  return connected;
}

describe('the listen backlog', () => {
  it(`takes a burst of ${BURST} connections at once when --max-phones allows them`, async () => {
    relay = await startRelayProcess(['--max-phones', '2000']);
    expect(await burstWhileStopped(relay.port, BURST)).toBe(BURST);
  });

  it('is what --listen-backlog says: with 511 a burst past it waits', async () => {
    relay = await startRelayProcess(['--max-phones', '2000', '--listen-backlog', '511']);
    const connected = await burstWhileStopped(relay.port, BURST);
    // Linux lets one more than the backlog wait in its queue.
    expect(connected).toBeGreaterThanOrEqual(511);
    expect(connected).toBeLessThanOrEqual(513);
  });
});
