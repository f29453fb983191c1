import { appendFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import sirv from 'sirv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/browser';

/**
 * A copy of the built app on a plain static server, so this test can publish
 * a "new version" without touching the build other tests use.
 */
let site: string;
let server: Server;
let browser: Browser;
let url: string;

beforeAll(async () => {
  site = mkdtempSync(join(tmpdir(), 'crowdstick-site-'));
  cpSync(resolve(import.meta.dirname, '../../dist/app'), site, { recursive: true });
  // No caching headers at all, so the browser asks for sw.js afresh each time.
  const serve = sirv(site, { single: true, dev: true });
  server = createServer((request, response) => serve(request, response));
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await new Promise((done) => server?.close(done));
  rmSync(site, { recursive: true, force: true });
});

describe('a new version of the app', () => {
  it('waits behind a quiet Update button instead of reloading a phone in use', async () => {
    const page = await browser.newPage();
    await page.goto(url);
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    // As an installed app launches: a page the current version controls.
    await page.reload();
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    // A mark that a reload would wipe out.
    await page.evaluate(() => {
      (window as unknown as { inUse: boolean }).inUse = true;
    });
    const update = page.getByRole('button', { name: 'Update' });
    expect(await update.count()).toBe(0);

    // Publish a new version: any byte change in sw.js is one.
    appendFileSync(join(site, 'sw.js'), '\n// the next version\n');
    await page.evaluate(async () => {
      const registration = await navigator.serviceWorker.getRegistration();
      await registration?.update();
    });

    await update.waitFor();
    expect(await page.evaluate(() => (window as unknown as { inUse?: boolean }).inUse)).toBe(true);

    // Pressing it is the visitor's choice: then the page reloads into the new version.
    await Promise.all([page.waitForEvent('load'), update.click()]);
    expect(await page.evaluate(() => (window as unknown as { inUse?: boolean }).inUse)).toBe(
      undefined,
    );
    await page.close();
  });
});
