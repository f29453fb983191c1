import type { Page } from 'puppeteer-core';
import { firefoxFingers, launchFirefox, openFirefoxPhone } from '../helpers/firefox';
import { CONNECTED, type Engine, type EnginePage } from './engine';

/** A Puppeteer page over WebDriver BiDi as the scenarios drive it. */
function firefoxPage(page: Page): EnginePage {
  /** The text of the first element matching `css` when `attribute` is null, else that attribute. */
  const read = (css: string, attribute: string | null) =>
    page.evaluate(
      (selector, name) => {
        const element = document.querySelector(selector);
        if (!element) return null;
        return name === null ? element.textContent : element.getAttribute(name);
      },
      css,
      attribute,
    );
  return {
    waitFor: async (css, timeout) => {
      await page.waitForSelector(css, { timeout });
    },
    attribute: (css, name) => read(css, name),
    text: (css) => read(css, null),
    async box(css) {
      const found = await (await page.$(css))?.boundingBox();
      if (!found) throw new Error(`${css} is not laid out`);
      return found;
    },
    evaluate: <T>(body: string) => page.evaluate(`(async () => { ${body} })()`) as Promise<T>,
    pointers: firefoxFingers(page),
    keyDown: (key) => page.keyboard.down(key),
    keyUp: (key) => page.keyboard.up(key),
    async reload() {
      await page.reload();
      await page.waitForSelector(CONNECTED);
    },
    close: () => page.browserContext().close(),
  };
}

/** Headless Firefox ESR, touched through BiDi with as many fingers as a test needs. */
export async function launchFirefoxEngine(): Promise<Engine> {
  const browser = await launchFirefox();
  return {
    name: 'Firefox',
    input: 'touch',
    pointerCount: 2,
    async open(url) {
      const page = await openFirefoxPhone(browser, url);
      await page.waitForSelector(CONNECTED);
      return firefoxPage(page);
    },
    close: () => browser.close(),
  };
}
