import { cpSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startRelayProcess, type RelayProcess } from '../helpers/relayProcess';
import { openClient, type Received } from '../helpers/wsClient';

/** A private copy of the built app, so a test may break it without touching dist/app. */
const BUILT_APP = resolve(import.meta.dirname, '../../dist/app');

let relay: RelayProcess | undefined;
let appCopy: string | undefined;
const sockets: Socket[] = [];

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await relay?.stop();
  relay = undefined;
  if (appCopy) rmSync(appCopy, { recursive: true, force: true });
  appCopy = undefined;
});

function copyOfApp(): string {
  appCopy = mkdtempSync(join(tmpdir(), 'crowdstick-app-'));
  cpSync(BUILT_APP, appCopy, { recursive: true });
  return appCopy;
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));
const openDescriptors = (pid: number): number => readdirSync(`/proc/${pid}/fd`).length;
const occurrences = (text: string, part: string): number => text.split(part).length - 1;

/** The relay still does its job: a phone's connect reaches a new installation. */
async function stillServes(): Promise<void> {
  const installation = await openClient(relay!.installationUrl);
  const phone = await openClient(relay!.phoneSocketUrl);
  phone.send({ type: 'connect', sliderId: 31337 });
  expect(await installation.next((m: Received) => m.type === 'connect')).toEqual({
    type: 'connect',
    sliderId: 31337,
    slot: 1,
  });
  installation.socket.terminate();
  phone.socket.terminate();
}

describe('a static file that cannot be read', () => {
  it('is answered 404 when it vanished after the relay listed it, logged once, and the relay lives on', async () => {
    const app = copyOfApp();
    relay = await startRelayProcess(['--app-dir', app]);
    expect((await fetch(`${relay.httpUrl}/favicon.svg`)).status).toBe(200);
    // As a rebuild or a hand does while the relay runs.
    renameSync(join(app, 'favicon.svg'), join(app, 'favicon.svg.moved'));
    for (let i = 0; i < 3; i += 1) {
      const response = await fetch(`${relay.httpUrl}/favicon.svg`, {
        headers: { 'Accept-Encoding': 'identity' },
      });
      expect(response.status).toBe(404);
      expect(await response.text()).toBe('Not found\n');
    }
    const health = await relay.health();
    expect(health.fileErrors).toEqual({ ENOENT: 3 });
    await relay.waitForOutput('could not read a file of the app for /favicon.svg (ENOENT)');
    expect(occurrences(relay.output(), 'could not read a file of the app')).toBe(1);
    expect((await fetch(`${relay.httpUrl}/`)).status).toBe(200);
    await stillServes();
  });

  it('is closed at once when the client leaves mid-file, so no descriptor is left open', async () => {
    const app = copyOfApp();
    // Far more than the kernel's socket buffers, so the relay is mid-file when the client leaves.
    writeFileSync(join(app, 'big.bin'), Buffer.alloc(64 * 1024 * 1024, 7));
    relay = await startRelayProcess(['--app-dir', app]);
    expect((await fetch(`${relay.httpUrl}/healthz`)).status).toBe(200);
    await sleep(200);
    const before = openDescriptors(relay.pid);
    const leavers = 10;
    await Promise.all(
      Array.from({ length: leavers }, async () => {
        const socket = connect(relay!.port, '127.0.0.1');
        sockets.push(socket);
        socket.write(
          'GET /big.bin HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept-Encoding: identity\r\n\r\n',
        );
        await new Promise((done) => socket.once('data', done));
        socket.destroy();
      }),
    );
    const deadline = Date.now() + 5000;
    while (openDescriptors(relay.pid) > before && Date.now() < deadline) await sleep(50);
    expect(openDescriptors(relay.pid)).toBeLessThanOrEqual(before);
    await stillServes();
  });
});

describe('the open-file limit', () => {
  it('is warned of at start, and new connections past it are dropped, counted and logged once', async () => {
    relay = await startRelayProcess(['--max-phones', '20'], {}, { fileLimit: 150 });
    await relay.waitForOutput(
      'the open-file limit (ulimit -n) is 150, below the 276 that --max-phones 20 needs',
    );
    const flood = 200;
    let connected = 0;
    await Promise.all(
      Array.from(
        { length: flood },
        () =>
          new Promise<void>((done) => {
            const socket = connect(relay!.port, '127.0.0.1');
            sockets.push(socket);
            socket.on('error', () => done());
            socket.on('connect', () => {
              connected += 1;
              done();
            });
          }),
      ),
    );
    expect(connected).toBeGreaterThan(0);
    await relay.waitForOutput('dropped a new connection at the open-file limit (ulimit -n 150)');
    for (const socket of sockets.splice(0)) socket.destroy();
    await sleep(300);
    const health = await relay.health();
    expect(health.cutOff.fdLimit).toBeGreaterThan(0);
    expect(health.cutOff.fdLimit).toBeLessThan(flood);
    expect(occurrences(relay.output(), 'dropped a new connection at the open-file limit')).toBe(1);
    await stillServes();
  });
});
