import type { Browser, Page } from 'playwright-core';
import { fingersOn, launchChromium, newPhoneContext } from '../helpers/browser';
import { CONNECTED, type Engine, type EnginePage } from './engine';

/** A Playwright page as the scenarios drive it, touching through the DevTools protocol. */
async function chromiumPage(page: Page): Promise<EnginePage> {
  const fingers = await fingersOn(page);
  const box = async (css: string) => {
    const found = await page.locator(css).first().boundingBox();
    if (!found) throw new Error(`${css} is not laid out`);
    return found;
  };
  return {
    waitFor: (css, timeout) => page.locator(css).first().waitFor({ timeout }),
    attribute: async (css, name) =>
      (await page.locator(css).count()) === 0 ? null : page.locator(css).first().getAttribute(name),
    text: async (css) =>
      (await page.locator(css).count()) === 0 ? null : page.locator(css).first().textContent(),
    box,
    evaluate: (body) => page.evaluate(`(async () => { ${body} })()`),
    pointers: fingers,
    keyDown: (key) => page.keyboard.down(key),
    keyUp: (key) => page.keyboard.up(key),
    async reload() {
      await page.reload();
      await page.locator(CONNECTED).waitFor();
    },
    close: () => page.context().close(),
  };
}

/** Headless Chromium with phone-sized touch pages, the engine the rest of the e2e tests use. */
export async function launchChromiumEngine(): Promise<Engine> {
  const browser: Browser = await launchChromium();
  return {
    name: 'Chromium',
    input: 'touch',
    pointerCount: 2,
    async open(url) {
      const page = await (await newPhoneContext(browser)).newPage();
      await page.goto(url);
      await page.locator(CONNECTED).waitFor();
      return chromiumPage(page);
    },
    close: () => browser.close(),
  };
}
