import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openClient } from '../helpers/wsClient';
import { shownUserId } from '../helpers/browser';
import { relayAndChromium } from './setup';

const world = relayAndChromium();

/**
 * A page whose `navigator.wakeLock` is a stand-in that logs requests and
 * releases (headless Chromium grants no real screen lock); the app is untouched.
 */
async function pageWithWakeLockLog(): Promise<Page> {
  const context = await world.browser.newContext({ viewport: { width: 390, height: 844 } });
  await context.addInitScript(() => {
    const log: string[] = [];
    Object.assign(window, { wakeLockLog: log });
    const wakeLock = {
      async request(type: string) {
        log.push(`request ${type}`);
        const sentinel = Object.assign(new EventTarget(), {
          type,
          released: false,
          async release() {
            if (sentinel.released) return;
            sentinel.released = true;
            log.push('release');
            sentinel.dispatchEvent(new Event('release'));
          },
        });
        return sentinel;
      },
    };
    Object.defineProperty(navigator, 'wakeLock', { configurable: true, value: wakeLock });
  });
  const page = await context.newPage();
  await page.goto(world.relay.httpUrl);
  return page;
}

/**
 * Headless Chromium keeps every page visible, so the page is told it was
 * hidden the way a browser tells it: visibilityState and a visibilitychange.
 */
const setVisibility = (page: Page, state: 'hidden' | 'visible') =>
  page.evaluate((next) => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => next });
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => next === 'hidden' });
    document.dispatchEvent(new Event('visibilitychange'));
  }, state);

const wakeLockLog = (page: Page) =>
  page.evaluate(() => (window as unknown as { wakeLockLog: string[] }).wakeLockLog);

describe('the screen wake lock', () => {
  it('is requested once connected, released when hidden and taken again when shown', async () => {
    const installation = await openClient(world.relay.installationUrl);
    const page = await pageWithWakeLockLog();
    await page.locator('[role="status"][data-status="connected"]').waitFor();
    await page.waitForFunction(
      () => (window as unknown as { wakeLockLog: string[] }).wakeLockLog.length > 0,
    );
    expect(await wakeLockLog(page)).toEqual(['request screen']);

    const id = await shownUserId(page);
    await setVisibility(page, 'hidden');
    await installation.next((m) => m.type === 'delete' && m.sliderId === id);
    expect(await wakeLockLog(page)).toEqual(['request screen', 'release']);

    await setVisibility(page, 'visible');
    await page.waitForFunction(
      () => (window as unknown as { wakeLockLog: string[] }).wakeLockLog.length > 2,
    );
    expect(await wakeLockLog(page)).toEqual(['request screen', 'release', 'request screen']);
    await installation.close();
    await page.context().close();
  });

  it('is not requested while the page waits for the installation', async () => {
    const page = await pageWithWakeLockLog();
    await page.goto(`${world.relay.httpUrl}/?ws=ws://127.0.0.1:9/ws`);
    await page.locator('.tools').waitFor({ state: 'attached' });
    await page.waitForTimeout(300);
    expect(await page.getByRole('status').getAttribute('data-status')).not.toBe('connected');
    expect(await wakeLockLog(page)).toEqual([]);
    // Leaves the remembered relay behind for nobody: the context is closed with it.
    await page.context().close();
  });
});
