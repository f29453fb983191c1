import { describe, expect, it } from 'vitest';
import { INSECURE_HOST, openDesktopPage } from '../helpers/browser';
import { relayAndChromium } from './setup';

const world = relayAndChromium();

describe('the handoff to a phone on a desk', () => {
  it('shows the page address with its options as a QR code, loading the QR code library only then', async () => {
    const url = `http://${INSECURE_HOST}:${world.relay.port}/?sliders=zoom`;
    const page = await openDesktopPage(world.browser, url);
    const qr = page.getByRole('img', { name: `QR code of ${url}` });
    await qr.waitFor();
    expect(await qr.evaluate((img: HTMLImageElement) => img.naturalWidth > 0)).toBe(true);
    await expect(page.locator('.handoff-url').textContent()).resolves.toBe(url);
    const scripts = await page.evaluate(() =>
      performance.getEntriesByType('resource').map((entry) => new URL(entry.name).pathname),
    );
    expect(scripts.some((path) => /^\/assets\/browser-.*\.js$/.test(path))).toBe(true);
    await page.context().close();
  });

  it('points to the QR code page instead when the address works on this computer only', async () => {
    const page = await openDesktopPage(world.browser, world.relay.httpUrl);
    const link = page.getByRole('link', { name: 'QR code page' });
    await link.waitFor();
    expect(await link.getAttribute('href')).toBe('/qr');
    expect(await page.locator('.handoff img').count()).toBe(0);
    await page.context().close();
  });
});
