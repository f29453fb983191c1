import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { newPhoneContext, openPhonePage } from '../helpers/browser';
import { relayAndChromium } from './setup';

const world = relayAndChromium();

/** Screenshots land here for a person to look at; the folder is not committed. */
const ARTIFACTS = 'test-results';

const ORIENTATIONS = [
  ['portrait', { width: 390, height: 844 }],
  ['landscape', { width: 844, height: 390 }],
] as const;

async function openPhone(viewport: { width: number; height: number }): Promise<Page> {
  const page = await openPhonePage(world.browser, `${world.relay.httpUrl}/?sliders=zoom,hue`, {
    viewport,
    deviceScaleFactor: 2,
  });
  // The tools come from the lazy chunk; the layout is final once they are in.
  await page.locator('.tools').waitFor({ state: 'attached' });
  return page;
}

describe('the phone layout', () => {
  it.each(ORIENTATIONS)(
    'keeps every control inside a %s screen, each at least 48 px to touch',
    async (orientation, viewport) => {
      const page = await openPhone(viewport);
      mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: `${ARTIFACTS}/phone-${orientation}.png` });

      const controls = page.locator('[data-control="joystick"], [role="slider"], button');
      const count = await controls.count();
      expect(count).toBeGreaterThanOrEqual(3);
      for (let i = 0; i < count; i += 1) {
        const box = (await controls.nth(i).boundingBox())!;
        const name = await controls.nth(i).evaluate((el) => el.outerHTML.slice(0, 60));
        expect([name, box.x >= 0, box.y >= 0]).toEqual([name, true, true]);
        expect([name, box.x + box.width <= viewport.width]).toEqual([name, true]);
        expect([name, box.y + box.height <= viewport.height]).toEqual([name, true]);
        expect([name, Math.min(box.width, box.height) >= 48]).toEqual([name, true]);
      }
      await page.context().close();
    },
  );

  it.each([
    ['portrait', { width: 390, height: 844 }, { top: 47, bottom: 34, left: 0, right: 0 }],
    ['landscape', { width: 844, height: 390 }, { top: 0, bottom: 21, left: 47, right: 47 }],
  ] as const)(
    "keeps every control clear of a notched %s screen's safe-area insets",
    async (_, viewport, insets) => {
      const context = await newPhoneContext(world.browser, { viewport });
      const page = await context.newPage();
      // The insets a notch and a home indicator leave, as the DevTools protocol emulates them.
      const cdp = await context.newCDPSession(page);
      await cdp.send('Emulation.setSafeAreaInsetsOverride', { insets: { ...insets } });
      await page.goto(`${world.relay.httpUrl}/?sliders=zoom,hue`);
      await page.locator('[role="status"][data-status="connected"]').waitFor();
      await page.locator('.tools').waitFor({ state: 'attached' });

      const controls = page.locator(
        '[role="status"], [data-control="joystick"], [role="slider"], button',
      );
      const count = await controls.count();
      expect(count).toBeGreaterThanOrEqual(4);
      for (let i = 0; i < count; i += 1) {
        const box = (await controls.nth(i).boundingBox())!;
        const name = await controls.nth(i).evaluate((el) => el.outerHTML.slice(0, 60));
        expect([name, box.x >= insets.left, box.y >= insets.top]).toEqual([name, true, true]);
        expect([name, box.x + box.width <= viewport.width - insets.right]).toEqual([name, true]);
        expect([name, box.y + box.height <= viewport.height - insets.bottom]).toEqual([name, true]);
      }
      await context.close();
    },
  );

  it('puts the sliders below the stick in portrait and beside it in landscape', async () => {
    const placement: Record<string, string> = {};
    for (const [orientation, viewport] of ORIENTATIONS) {
      const page = await openPhone(viewport);
      const stick = (await page.locator('[data-control="joystick"]').boundingBox())!;
      const slider = (await page.getByRole('slider', { name: 'zoom' }).boundingBox())!;
      placement[orientation] =
        slider.y >= stick.y + stick.height
          ? 'below'
          : slider.x >= stick.x + stick.width
            ? 'beside'
            : 'overlapping';
      expect(
        await page.getByRole('slider', { name: 'zoom' }).getAttribute('aria-orientation'),
      ).toBe(orientation === 'portrait' ? 'horizontal' : 'vertical');
      await page.context().close();
    }
    expect(placement).toEqual({ portrait: 'below', landscape: 'beside' });
  });

  it('shows no QR code handoff on a phone, and never loads the QR code library there', async () => {
    const page = await world.browser
      .newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })
      .then((context) => context.newPage());
    const requested: string[] = [];
    page.on('request', (request) => requested.push(new URL(request.url()).pathname));
    await page.goto(world.relay.httpUrl);
    await page.locator('.tools').waitFor({ state: 'attached' });
    expect(await page.locator('.handoff').count()).toBe(0);
    expect(requested.some((path) => path.includes('/assets/extras-'))).toBe(true);
    expect(requested.some((path) => /\/assets\/browser-/.test(path))).toBe(false);
    await page.context().close();
  });
});
