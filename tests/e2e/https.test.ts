import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, shownUserId } from '../helpers/browser';
import { startRelayProcess, type RelayProcess } from '../helpers/relayProcess';
import { openClient } from '../helpers/wsClient';

describe('a phone on a relay started with --https', () => {
  let relay: RelayProcess;
  let browser: Browser;
  beforeAll(async () => {
    [relay, browser] = await Promise.all([
      startRelayProcess(['--https']),
      // The certificate is made at start and trusted by nobody; the test checks TLS, not trust.
      launchChromium(['--ignore-certificate-errors']),
    ]);
  });
  afterAll(async () => {
    await browser?.close();
    await relay?.stop();
  });

  it('loads the page over https and connects with wss', async () => {
    const installation = await openClient(`wss://127.0.0.1:${relay.port}/`, {
      rejectUnauthorized: false,
    });
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    const sockets: string[] = [];
    page.on('websocket', (socket) => sockets.push(socket.url()));
    await page.goto(`https://127.0.0.1:${relay.port}/`);
    await page.locator('[role="status"][data-status="connected"]').waitFor();
    expect(await page.evaluate(() => window.isSecureContext)).toBe(true);
    expect(sockets).toEqual([`wss://127.0.0.1:${relay.port}/ws`]);
    const id = await shownUserId(page);
    await installation.next((m) => m.type === 'connect' && m.sliderId === id);
    await installation.close();
    await context.close();
  });
});
