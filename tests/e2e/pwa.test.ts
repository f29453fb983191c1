import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../helpers/browser';
import { startRelayProcess, type RelayProcess } from '../helpers/relayProcess';

/** Resolves once this page's service worker is activated, with its state. */
function serviceWorkerActivated(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready;
    const worker = registration.active!;
    if (worker.state !== 'activated') {
      await new Promise((resolve) => worker.addEventListener('statechange', resolve));
    }
    return worker.state;
  });
}

describe('the installable app in Chromium', () => {
  let relay: RelayProcess;
  let context: BrowserContext;
  const profile = mkdtempSync(join(tmpdir(), 'crowdstick-profile-'));

  beforeAll(async () => {
    relay = await startRelayProcess();
    // A real profile: Chromium never offers installation in an incognito context.
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: CHROMIUM_ARGS,
    });
  });
  afterAll(async () => {
    await context?.close();
    await relay?.stop();
    rmSync(profile, { recursive: true, force: true });
  });

  it('activates its service worker on localhost and reports no installability errors', async () => {
    const page = await context.newPage();
    await page.goto(`${relay.httpUrl}/`);
    await page.locator('[role="status"][data-status="connected"]').waitFor();
    expect(await serviceWorkerActivated(page)).toBe('activated');
    const cdp = await context.newCDPSession(page);
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    expect(installabilityErrors).toEqual([]);
    const { errors } = await cdp.send('Page.getAppManifest');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('opens with the relay stopped, from the cache, and says it waits for the installation', async () => {
    const page = await context.newPage();
    await page.goto(`${relay.httpUrl}/?sliders=zoom`);
    await serviceWorkerActivated(page);
    await relay.stop();

    await page.reload();
    await page.locator('[data-control="joystick"]').waitFor();
    await expect(page.getByRole('slider', { name: 'zoom' }).count()).resolves.toBe(1);
    const status = page.getByRole('status');
    await expect(status.getAttribute('data-status')).resolves.toMatch(/^(re)?connecting$/);
    await expect(status.textContent()).resolves.toMatch(/^(re)?connecting…$/);
    // And in words over the controls, which it cannot yet use.
    await expect(page.locator('.notice').innerText()).resolves.toMatch(/Connecting…|Reconnecting…/);

    await page.close();
  });

  it("leaves the relay's own routes to the network, even with the relay stopped", async () => {
    for (const route of ['/healthz', '/qr', '/monitor']) {
      const page = await context.newPage();
      const answer = await page.goto(`${relay.httpUrl}${route}`).catch((error: Error) => error);
      // Not index.html from the cache: the browser's own connection error instead.
      expect([
        route,
        answer instanceof Error && /ERR_CONNECTION_REFUSED|interrupted/.test(answer.message),
      ]).toEqual([route, true]);
      expect(await page.locator('#root').count()).toBe(0);
      await page.close();
    }
  });
});
