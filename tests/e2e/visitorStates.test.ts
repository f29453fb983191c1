import { mkdirSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { FLOOD_CLOSE_CODE, FLOOD_CLOSE_REASON, kickReason } from '../../src/shared/protocol';
import { fingersOn, INSECURE_HOST, launchChromium, stickGeometry } from '../helpers/browser';
import { startRelayProcess, type RelayProcess } from '../helpers/relayProcess';
import { openClient } from '../helpers/wsClient';
import { noticeText, statusBecomes, statusLineShape, stickOpacity } from './pageHooks';

/** Screenshots of every state at both widths land here for a person to look at. */
const SHOTS = 'test-results/visitor-states';

let browser: Browser;
let relay: RelayProcess;
let fullRelay: RelayProcess;
/** A relay of the test's own, on real sockets, that turns every phone away the way it is told. */
let turnAway: WebSocketServer;
let turnAwayWith: (socket: WebSocket) => void = () => {};
/** Accepts TCP connections and never answers, so a socket to it stays connecting. */
let silent: Server;
const sockets: WebSocket[] = [];
const silentSockets: Socket[] = [];

beforeAll(async () => {
  [browser, relay, fullRelay] = await Promise.all([
    launchChromium(),
    startRelayProcess(),
    startRelayProcess(['--max-phones', '1']),
  ]);
  turnAway = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  turnAway.on('connection', (socket) => {
    sockets.push(socket);
    socket.once('message', () => turnAwayWith(socket));
  });
  silent = createServer((socket) => silentSockets.push(socket)).listen(0, '127.0.0.1');
  await Promise.all([
    new Promise((resolve) => turnAway.once('listening', resolve)),
    new Promise((resolve) => silent.once('listening', resolve)),
  ]);
  mkdirSync(SHOTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  sockets.forEach((socket) => socket.terminate());
  silentSockets.forEach((socket) => socket.destroy());
  await new Promise((resolve) => turnAway?.close(resolve));
  await new Promise((resolve) => silent?.close(resolve));
  await Promise.all([relay?.stop(), fullRelay?.stop()]);
});

const portOf = (server: WebSocketServer | Server) => (server.address() as { port: number }).port;
const turnAwayUrl = () => `ws://127.0.0.1:${portOf(turnAway)}/ws`;

const VIEWPORTS = [
  { width: 320, height: 640 },
  { width: 390, height: 844 },
] as const;

/**
 * A phone whose browser offers installation as the page loads, so the header
 * holds the Install button beside the status line: the tightest it gets.
 */
async function phoneContext(viewport: { width: number; height: number }): Promise<BrowserContext> {
  const context = await browser.newContext({
    viewport,
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
  });
  await context.addInitScript(() =>
    window.addEventListener('DOMContentLoaded', () => {
      const offer = Object.assign(new Event('beforeinstallprompt', { cancelable: true }), {
        prompt: async () => {},
      });
      window.dispatchEvent(offer);
    }),
  );
  return context;
}

/** Checks what every state shares: the header's one line at this width, and a screenshot of it. */
async function expectOneStatusLine(page: Page, name: string, width: number) {
  await page.getByRole('button', { name: 'Install' }).waitFor();
  const shape = await statusLineShape(page);
  expect({ ...shape, height: Math.round(shape.height) }).toEqual({
    ...shape,
    height: Math.round(shape.lineHeight),
    cutOff: false,
  });
  await page.screenshot({ path: `${SHOTS}/${name}-${width}.png` });
}

describe.each(VIEWPORTS)('the visitor at $width px', (viewport) => {
  const { width } = viewport;
  let context: BrowserContext;
  let page: Page;

  const open = async (url: string) => {
    context = await phoneContext(viewport);
    page = await context.newPage();
    await page.goto(url);
  };
  const close = () => context.close();

  it('plays: connected and present, "player N" and no id, and bright controls', async () => {
    await open(relay.httpUrl);
    await statusBecomes(page, 'connected', true);
    const slot = await page.locator('main.app:not([data-slot=""])').getAttribute('data-slot');
    await expect.poll(() => page.locator('.status').innerText()).toMatch(`player ${slot}`);
    const userId = await page.locator('main.app').getAttribute('data-user-id');
    expect(await page.locator('body').innerText()).not.toContain(userId);
    await expect.poll(() => noticeText(page)).toBeNull();
    await expect.poll(() => stickOpacity(page)).toBe(1);
    await expectOneStatusLine(page, 'playing', width);
    await close();
  });

  it('is away after the idle delete, dimmed but touchable: the first touch plays again', async () => {
    const installation = await openClient(relay.installationUrl);
    await open(`${relay.httpUrl}/?idle=1`);
    const id = Number(await page.locator('main.app').getAttribute('data-user-id'));
    await statusBecomes(page, 'connected', false);
    await installation.next((m) => m.type === 'delete' && m.sliderId === id);
    expect(await page.locator('main.app').getAttribute('data-slot')).toBe('');
    await expect.poll(() => noticeText(page)).toContain('Touch to play again');
    await expect.poll(() => stickOpacity(page)).toBeLessThan(0.5);
    await expectOneStatusLine(page, 'away', width);

    const { centre } = await stickGeometry(page);
    const fingers = await fingersOn(page);
    await fingers.down(centre);
    await installation.next((m) => m.type === 'connect' && m.sliderId === id);
    await statusBecomes(page, 'connected', true);
    await fingers.up();
    await expect.poll(() => noticeText(page)).toBeNull();
    await expect.poll(() => stickOpacity(page)).toBe(1);
    await installation.close();
    await close();
  });

  it('plays again at a touch anywhere on the page, not only on a control', async () => {
    await open(`${relay.httpUrl}/?idle=1`);
    await statusBecomes(page, 'connected', false);
    const fingers = await fingersOn(page);
    await fingers.down({ x: 8, y: viewport.height - 8 });
    await fingers.up();
    await statusBecomes(page, 'connected', true);
    await close();
  });

  it('waits while the installation is full, and says so', async () => {
    const insider = await browser.newPage();
    await insider.goto(fullRelay.httpUrl);
    await statusBecomes(insider, 'connected', true);
    await open(fullRelay.httpUrl);
    await statusBecomes(page, 'full', false);
    await expect.poll(() => noticeText(page)).toContain('The installation is full');
    await expect.poll(() => stickOpacity(page)).toBeLessThan(0.5);
    await expectOneStatusLine(page, 'full', width);
    await insider.close();
    await close();
  });

  it('says it is reconnecting when the relay goes away', async () => {
    const own = await startRelayProcess();
    await open(own.httpUrl);
    await statusBecomes(page, 'connected', true);
    // Gone at once, as a crash or a pulled cable: the page hears only that the socket died.
    process.kill(own.pid, 'SIGKILL');
    await own.exited;
    await statusBecomes(page, 'reconnecting', false);
    await expect.poll(() => noticeText(page)).toContain('Reconnecting…');
    await expectOneStatusLine(page, 'reconnecting', width);
    await close();
  });

  it('says connecting while the relay has not answered yet', async () => {
    await open(`${relay.httpUrl}/?ws=ws://127.0.0.1:${portOf(silent)}/ws`);
    await statusBecomes(page, 'connecting', false);
    await expect.poll(() => noticeText(page)).toContain('Connecting…');
    await page
      .locator('.notice')
      .evaluate((notice) =>
        Promise.all(notice.getAnimations().map((animation) => animation.finished)),
      );
    await expectOneStatusLine(page, 'connecting', width);
    await close();
  });

  it('says offline, and what to check, without a network', async () => {
    await open(relay.httpUrl);
    await statusBecomes(page, 'connected', true);
    await context.setOffline(true);
    await page.evaluate(() => window.dispatchEvent(new Event('offline')));
    await statusBecomes(page, 'offline', false);
    await expect.poll(() => noticeText(page)).toContain('No network');
    await expectOneStatusLine(page, 'offline', width);
    await close();
  });

  it('says the relay turned it away for flooding, with the reason', async () => {
    turnAwayWith = (socket) => socket.close(FLOOD_CLOSE_CODE, FLOOD_CLOSE_REASON);
    await open(`${relay.httpUrl}/?ws=${turnAwayUrl()}`);
    await statusBecomes(page, 'refused', false);
    await expect.poll(() => noticeText(page)).toContain('The relay turned this phone away');
    expect(await noticeText(page)).toContain(FLOOD_CLOSE_REASON);
    await expectOneStatusLine(page, 'flooded', width);
    await close();
  });

  it("says the relay refused this page's address when its upgrade is refused (403)", async () => {
    // A page of another origin than the relay's, which lets in no other.
    await open(`http://${INSECURE_HOST}:${relay.port}/?ws=${relay.phoneSocketUrl}`);
    await statusBecomes(page, 'refused', false);
    await expect.poll(() => noticeText(page)).toContain('The relay refused this page');
    expect(await noticeText(page)).toContain("does not accept this page's address");
    await relay.waitForOutput(`refused a phone from the page origin http://${INSECURE_HOST}`);
    await expectOneStatusLine(page, 'origin', width);
    await close();
  });

  it('keeps saying connecting, not refused, when the relay of another origin is down', async () => {
    const gone = await startRelayProcess();
    await gone.stop();
    const asked = `http://127.0.0.1:${gone.port}/ws`;
    context = await phoneContext(viewport);
    page = await context.newPage();
    let unanswered = 0;
    page.on('requestfailed', (request) => {
      if (request.url() === asked) unanswered += 1;
    });
    await page.goto(`${relay.httpUrl}/?ws=${gone.phoneSocketUrl}`);
    // Asked over HTTP after each failed attempt; by the second question the first answer is in.
    await expect.poll(() => unanswered).toBeGreaterThanOrEqual(2);
    expect(await page.locator('main.app').getAttribute('data-status')).toBe('connecting');
    await expect.poll(() => noticeText(page)).toContain('Connecting…');
    await close();
  });

  it('says it was removed by the operator, counts the seconds down, and only then asks again', async () => {
    turnAwayWith = (socket) => socket.close(4001, kickReason(30));
    context = await phoneContext(viewport);
    page = await context.newPage();
    await page.clock.install();
    const before = sockets.length;
    await page.goto(`${relay.httpUrl}/?ws=${turnAwayUrl()}`);
    await statusBecomes(page, 'refused', false);
    await expect.poll(() => noticeText(page)).toContain('Removed by the operator');
    await expect.poll(() => noticeText(page)).toContain('You can play again in 30 s.');
    await expectOneStatusLine(page, 'kicked', width);

    await page.clock.runFor(10_000);
    await expect.poll(() => noticeText(page)).toContain('You can play again in 20 s.');
    await page.clock.runFor(19_000);
    await expect.poll(() => noticeText(page)).toContain('You can play again in 1 s.');
    // Neither the wait nor the page coming back to the front brought a second socket.
    await page.evaluate(() => window.dispatchEvent(new PageTransitionEvent('pageshow')));
    expect(sockets.length - before).toBe(1);

    turnAwayWith = () => {};
    await page.clock.runFor(2_000);
    await expect.poll(() => sockets.length - before).toBe(2);
    // Let in, it counts as connected once it has stayed open a moment.
    await page.clock.runFor(1_000);
    await statusBecomes(page, 'connected', true);
    await close();
  });
});
