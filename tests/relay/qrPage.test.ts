import QRCode from 'qrcode';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { phoneUrlWithKnobs } from '../../server/node/qrPage';
import { launchChromium } from '../helpers/browser';
import { startRelayProcess, type RelayProcess } from '../helpers/relayProcess';

/** The SVG the relay draws for `url`, made here the same way, to compare with the page's. */
const svgOf = (url: string) =>
  QRCode.toString(url, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' });

describe('phoneUrlWithKnobs', () => {
  it.each([
    ['sliders=zoom&idle=30', 'http://10.0.0.5:8080/?sliders=zoom&idle=30'],
    [
      'ws=wss://relay.example.org/ws&rate=20&buttons=fire&stick=tilt',
      'http://10.0.0.5:8080/?ws=wss://relay.example.org/ws&rate=20&buttons=fire&stick=tilt',
    ],
    ['token=secret&monitor=1&utm=x', 'http://10.0.0.5:8080/'],
    ['sliders=', 'http://10.0.0.5:8080/?sliders='],
    ['sliders=zoom,hue&sliders=other', 'http://10.0.0.5:8080/?sliders=zoom,hue'],
    ['idle=3%200&rate=a%2Bb', 'http://10.0.0.5:8080/?idle=3%200&rate=a%2Bb'],
    ['', 'http://10.0.0.5:8080/'],
  ])('carries the page knobs of %j and drops the rest', (query, expected) => {
    expect(phoneUrlWithKnobs('http://10.0.0.5:8080/', query)).toBe(expected);
  });

  it("replaces the public URL's own knob and keeps its other parameters", () => {
    expect(
      phoneUrlWithKnobs('https://play.example.org/join?ws=wss://a/ws&idle=10', 'idle=30'),
    ).toBe('https://play.example.org/join?ws=wss://a/ws&idle=30');
  });
});

describe('/qr of a relay started with --public-url', () => {
  let relay: RelayProcess;
  let browser: Browser;
  beforeAll(async () => {
    [relay, browser] = await Promise.all([
      startRelayProcess(['--public-url', 'https://play.example.org/']),
      launchChromium(),
    ]);
  });
  afterAll(async () => {
    await browser.close();
    await relay.stop();
  });

  it('prints the public URL as the phone URL', () => {
    expect(relay.output()).toContain('Phones: https://play.example.org/\n');
    expect(relay.output()).not.toContain('Phones: none on the LAN');
  });

  it('encodes the public URL with the knobs given to /qr, and shows it as the caption', async () => {
    const page = await (await fetch(`${relay.httpUrl}/qr?sliders=zoom&idle=30&token=x`)).text();
    const expected = 'https://play.example.org/?sliders=zoom&idle=30';
    expect(page).toContain(await svgOf(expected));
    expect(page).toContain(`<p class="url">${expected.replace('&', '&#38;')}</p>`);
  });

  it.each([
    { width: 1920, height: 1080, leastFont: 60 },
    { width: 3840, height: 2160, leastFont: 120 },
    { width: 390, height: 844, leastFont: 20 },
  ])(
    'at $width x $height shows the whole code and a caption of at least $leastFont px, inside the screen',
    async ({ width, height, leastFont }) => {
      const context = await browser.newContext({ viewport: { width, height } });
      const page = await context.newPage();
      await page.goto(`${relay.httpUrl}/qr?sliders=zoom,hue&idle=30&buttons=fire`);
      const code = (await page.locator('svg').boundingBox())!;
      const caption = page.locator('p.url');
      const box = (await caption.boundingBox())!;
      const fontPx = await caption.evaluate((p) => parseFloat(getComputedStyle(p).fontSize));
      expect(fontPx).toBeGreaterThanOrEqual(leastFont);
      // The code is most of the screen's short side, and nothing leaves the screen.
      expect(Math.min(code.width, code.height)).toBeGreaterThan(0.45 * Math.min(width, height));
      for (const b of [code, box]) {
        expect(b.x).toBeGreaterThanOrEqual(0);
        expect(b.y).toBeGreaterThanOrEqual(0);
        expect(b.x + b.width).toBeLessThanOrEqual(width + 0.5);
        expect(b.y + b.height).toBeLessThanOrEqual(height + 0.5);
      }
      expect(box.y).toBeGreaterThanOrEqual(code.y + code.height - 0.5);
      expect(await caption.textContent()).toBe(
        'https://play.example.org/?sliders=zoom,hue&idle=30&buttons=fire',
      );
      await page.screenshot({ path: `test-results/qr-${width}x${height}.png` });
      await context.close();
    },
  );
});
