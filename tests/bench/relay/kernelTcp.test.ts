import { execFileSync, spawn } from 'node:child_process';
import { connect, createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { handshakeCounters, listenBacklogOf, somaxconn } from '../../../bench/relay/kernelTcp';

const hasSs = (() => {
  try {
    execFileSync('ss', ['-V']);
    return true;
  } catch {
    return false;
  }
})();

/** Listens with a backlog of 1, says its port, keeps its thread busy for 3 s and exits. */
const BUSY_LISTENER = `require('node:net').createServer().listen({ port: 0, host: '127.0.0.1', backlog: 1 }, function () {
  process.stdout.write(String(this.address().port), () => {
    const end = Date.now() + 3000;
    while (Date.now() < end);
    process.exit(0);
  });
});`;

let server: Server | undefined;
afterEach(() => server?.close());

const listen = (backlog: number) =>
  new Promise<number>((resolve) => {
    server = createServer();
    server.listen({ port: 0, host: '127.0.0.1', backlog }, () => {
      const address = server!.address();
      resolve(typeof address === 'object' && address ? address.port : 0);
    });
  });

describe("the kernel's view of a listening socket", () => {
  it.skipIf(!hasSs)('reads the backlog a listener was given', async () => {
    expect(listenBacklogOf(await listen(37))).toBe(37);
  });

  it.skipIf(!hasSs)('reads the backlog capped at somaxconn', async () => {
    expect(listenBacklogOf(await listen(1_000_000))).toBe(somaxconn());
  });

  it('has no backlog for a port nothing listens on', async () => {
    const port = await listen(8);
    await new Promise((resolve) => server!.close(resolve));
    server = undefined;
    expect(listenBacklogOf(port)).toBeNaN();
  });

  it("reads the machine's listen overflows and SYN retransmits as counts", () => {
    const { listenOverflows, synRetransmits } = handshakeCounters();
    expect(Number.isInteger(listenOverflows)).toBe(true);
    expect(Number.isInteger(synRetransmits)).toBe(true);
  });

  it('counts the SYNs a full listen queue drops, and their retransmits', async () => {
    // A listener whose process is too busy to accept, as a stalled relay is: its queue fills.
    const busy = spawn(process.execPath, ['-e', BUSY_LISTENER], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const port = await new Promise<number>((resolve) =>
      busy.stdout.once('data', (chunk: Buffer) => resolve(Number(chunk.toString()))),
    );
    const before = handshakeCounters();
    const sockets = Array.from({ length: 8 }, () =>
      connect(port, '127.0.0.1').on('error', () => {}),
    );
    // The first SYN retransmit comes after 1 s.
    await new Promise((resolve) => setTimeout(resolve, 1300));
    const after = handshakeCounters();
    sockets.forEach((socket) => socket.destroy());
    busy.kill();
    expect(after.listenOverflows).toBeGreaterThan(before.listenOverflows);
    expect(after.synRetransmits).toBeGreaterThan(before.synRetransmits);
  });
});
