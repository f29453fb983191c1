import puppeteer, { type Browser, type Page, type TouchHandle } from 'puppeteer-core';
import type { Point } from './browser';

/** Debian's Firefox ESR unless FIREFOX_PATH names another; no test tool downloads a browser. */
export const FIREFOX_PATH = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';

/**
 * Launches headless Firefox over WebDriver BiDi, which Firefox speaks itself:
 * no geckodriver, no CDP.
 */
export function launchFirefox(): Promise<Browser> {
  return puppeteer.launch({ browser: 'firefox', executablePath: FIREFOX_PATH, headless: true });
}

/**
 * A phone-sized page in a browser context of its own, so it is a new tab with
 * a new user id, connected to the relay. Firefox has no touch emulation over
 * BiDi (`ontouchstart` stays absent), but the touches it dispatches are real
 * pointer events of type `touch`, which is all the page listens to.
 */
export async function openFirefoxPhone(browser: Browser, url: string): Promise<Page> {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  await page.setViewport({ width: 390, height: 844 });
  await page.goto(url);
  return page;
}

/** Fingers held on a Firefox page, each its own BiDi touch pointer. */
export interface FirefoxFingers {
  /** Puts a finger down at each point, one after another, and keeps them down. */
  down(...points: Point[]): Promise<void>;
  /** Moves finger i from `from[i]` to `to[i]` in `steps` turns, the fingers taking turns. */
  move(from: Point[], to: Point[], steps?: number): Promise<void>;
  /** Lifts every finger. */
  up(): Promise<void>;
}

/**
 * Several fingers at once: BiDi's `input.performActions` keeps one pointer
 * source per touch handle, so two handles are two fingers the page sees with
 * two pointer ids.
 */
export function firefoxFingers(page: Page): FirefoxFingers {
  let held: TouchHandle[] = [];
  return {
    async down(...points) {
      for (const point of points) held.push(await page.touchscreen.touchStart(point.x, point.y));
    },
    async move(from, to, steps = 10) {
      for (let step = 1; step <= steps; step += 1) {
        const t = step / steps;
        for (const [i, handle] of held.entries()) {
          const start = from[i];
          const end = to[i] ?? start;
          if (!start || !end) continue;
          await handle.move(start.x + (end.x - start.x) * t, start.y + (end.y - start.y) * t);
        }
      }
    },
    async up() {
      const lifting = held;
      held = [];
      for (const handle of lifting) await handle.end();
    },
  };
}
