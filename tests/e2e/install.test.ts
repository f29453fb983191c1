import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { relayAndChromium } from './setup';

const world = relayAndChromium();

const IPHONE_UA =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';

/** A phone page; `initScript` stands in for platform features headless Chromium lacks. */
async function phone(options: { userAgent?: string; initScript?: () => void } = {}): Promise<Page> {
  const context = await world.browser.newContext({
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
    ...(options.userAgent ? { userAgent: options.userAgent } : {}),
  });
  if (options.initScript) await context.addInitScript(options.initScript);
  const page = await context.newPage();
  await page.goto(world.relay.httpUrl);
  await page.locator('.tools').waitFor({ state: 'attached' });
  return page;
}

/** Chrome's install offer as the page receives it, with a `prompt` that records its call. */
const offerInstall = (page: Page) =>
  page.evaluate(() => {
    const offer = Object.assign(new Event('beforeinstallprompt', { cancelable: true }), {
      prompt: async () => {
        Object.assign(window, { prompted: true });
      },
    });
    window.dispatchEvent(offer);
    return offer.defaultPrevented;
  });

/** The joystick's box once the page has run for `ms` since it started loading. */
async function stickBoxAt(page: Page, ms: number) {
  await page.waitForFunction((at) => performance.now() >= at, ms);
  return page.locator('[data-control="joystick"]').boundingBox();
}

describe('the install offer and the controls', () => {
  it.each([
    ['Install button', undefined],
    ["iPhone's install hint", IPHONE_UA],
  ] as const)('moves nothing under a thumb when the %s arrives', async (_name, userAgent) => {
    for (const viewport of [
      { width: 390, height: 844 },
      { width: 320, height: 640 },
    ]) {
      const context = await world.browser.newContext({
        viewport,
        isMobile: true,
        hasTouch: true,
        ...(userAgent ? { userAgent } : {}),
      });
      // The browser's offer, made as the page loads, as Chrome does.
      await context.addInitScript(() =>
        window.addEventListener('DOMContentLoaded', () =>
          window.dispatchEvent(
            Object.assign(new Event('beforeinstallprompt', { cancelable: true }), {
              prompt: async () => {},
            }),
          ),
        ),
      );
      const page = await context.newPage();
      await page.goto(world.relay.httpUrl);
      const early = await stickBoxAt(page, 300);
      const offer = userAgent
        ? page.getByRole('note').filter({ hasText: 'Add to Home Screen' })
        : page.getByRole('button', { name: 'Install' });
      await offer.waitFor();
      const late = await stickBoxAt(page, 3000);
      expect([viewport.width, late]).toEqual([viewport.width, early]);
      await context.close();
    }
  });
});

describe('installing the app', () => {
  it('offers an Install button when the browser offers installation, and prompts once', async () => {
    const page = await phone();
    const install = page.getByRole('button', { name: 'Install' });
    expect(await install.count()).toBe(0);
    expect(await offerInstall(page)).toBe(true);
    await install.click();
    expect(await page.evaluate(() => (window as unknown as { prompted?: boolean }).prompted)).toBe(
      true,
    );
    await install.waitFor({ state: 'detached' });
    await page.context().close();
  });

  it('tells an iPhone to use Share, then Add to Home Screen, until closed', async () => {
    const page = await phone({ userAgent: IPHONE_UA });
    const hint = page.getByRole('note').filter({ hasText: 'Add to Home Screen' });
    await expect(hint.textContent()).resolves.toContain('tap Share, then Add to Home Screen');
    await page.getByRole('button', { name: 'Close the install hint' }).click();
    await hint.waitFor({ state: 'detached' });
    await page.reload();
    await page.locator('.tools').waitFor({ state: 'attached' });
    expect(await hint.count()).toBe(0);
    await page.context().close();
  });

  it('shows neither the button nor the hint in the installed app', async () => {
    const page = await phone({
      userAgent: IPHONE_UA,
      // What iOS says in an app opened from the home screen.
      initScript: () => Object.defineProperty(navigator, 'standalone', { value: true }),
    });
    await offerInstall(page);
    await page.waitForTimeout(100);
    expect(await page.getByRole('button', { name: 'Install' }).count()).toBe(0);
    expect(await page.getByRole('note').filter({ hasText: 'Home Screen' }).count()).toBe(0);
    await page.context().close();
  });
});
