import { createServer } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SOCKET_URL_STORAGE_KEY } from '../../src/socketMemory';
import { launchChromium } from '../helpers/browser';
import { startRelayProcess, type RelayProcess } from '../helpers/relayProcess';
import { statusBecomes } from './pageHooks';

let browser: Browser;
/** Serves the page. */
let home: RelayProcess;
/** Another relay, which lets in pages from `home`. */
let other: RelayProcess;

beforeAll(async () => {
  browser = await launchChromium();
  home = await startRelayProcess();
  other = await startRelayProcess(['--allow-origin', home.httpUrl]);
});

afterAll(async () => {
  await browser?.close();
  await Promise.all([home?.stop(), other?.stop()]);
});

/** A port nothing listens on: taken from the system, then given back. */
async function deadPort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function phone(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport: { width: 320, height: 640 },
    isMobile: true,
    hasTouch: true,
  });
  return { context, page: await context.newPage() };
}

const relayLine = (page: Page) => page.locator('.relay-line');

describe('the relay a page uses', () => {
  it('names a relay given with ?ws= on one line, remembers it, and forgets it at an empty ws=', async () => {
    const { context, page } = await phone();
    await page.goto(`${home.httpUrl}/?ws=${other.phoneSocketUrl}`);
    await statusBecomes(page, 'connected', true);
    expect(await relayLine(page).innerText()).toBe(`relay 127.0.0.1:${other.port}`);
    await other.waitForHealth((health) => health.controllers === 1);
    const line = await relayLine(page).evaluate((element) => ({
      height: Math.round(element.getBoundingClientRect().height),
      lineHeight: Math.round(parseFloat(getComputedStyle(element).lineHeight)),
    }));
    expect(line.height).toBe(line.lineHeight);

    // A plain URL: the remembered relay still wins, and the page says so.
    await page.goto(home.httpUrl);
    await statusBecomes(page, 'connected', true);
    expect(await relayLine(page).innerText()).toBe(`relay 127.0.0.1:${other.port} (remembered)`);

    await page.goto(`${home.httpUrl}/?ws=`);
    await statusBecomes(page, 'connected', true);
    expect(await relayLine(page).count()).toBe(0);
    await page.goto(home.httpUrl);
    await statusBecomes(page, 'connected', true);
    expect(await relayLine(page).count()).toBe(0);
    await home.waitForHealth((health) => health.controllers === 1);
    await context.close();
  });

  it('names no relay when the page uses its own /ws', async () => {
    const { context, page } = await phone();
    await page.goto(home.httpUrl);
    await statusBecomes(page, 'connected', true);
    expect(await relayLine(page).count()).toBe(0);
    await context.close();
  });

  it('offers to forget a remembered relay it cannot reach, and is back on its own /ws after', async () => {
    const { context, page } = await phone();
    const gone = `ws://127.0.0.1:${await deadPort()}/ws`;
    await page.goto(`${home.httpUrl}/?ws=${gone}`);
    await statusBecomes(page, 'connecting', false);
    // The notice stops waiting to show once an attempt has failed.
    await page.locator('.notice:not([data-waits])').waitFor();
    // Given in the URL, not remembered: nothing to forget.
    expect(await page.getByRole('button', { name: 'Forget this relay' }).count()).toBe(0);

    await page.goto(home.httpUrl);
    const forget = page.getByRole('button', { name: 'Forget this relay' });
    await forget.waitFor();
    expect(await page.locator('.notice').innerText()).toContain(
      `remembered the relay ${new URL(gone).host}`,
    );
    await forget.tap();
    await statusBecomes(page, 'connected', true);
    expect(await relayLine(page).count()).toBe(0);
    expect(await page.evaluate((key) => localStorage.getItem(key), SOCKET_URL_STORAGE_KEY)).toBe(
      null,
    );
    await page.goto(home.httpUrl);
    await statusBecomes(page, 'connected', true);
    expect(await relayLine(page).count()).toBe(0);
    await context.close();
  });
});
