import {
  chromium,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type Page,
} from 'playwright-core';

/** Debian's Chromium unless CHROMIUM_PATH names another; no test tool downloads a browser. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** A host name that resolves to loopback but is not a secure context, like a LAN address. */
export const INSECURE_HOST = 'crowdstick.test';

/**
 * The flags that work on these machines: root needs --no-sandbox, and the
 * closed network would refuse Chromium's own background connections.
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Launches headless Chromium with the flags that work here, plus `extraArgs`. */
export function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_ARGS, `--host-resolver-rules=MAP ${INSECURE_HOST} 127.0.0.1`, ...extraArgs],
  });
}

/**
 * A touch browser context the size of a phone: an iPhone 12-ish screen unless
 * `options` give another. A page in a context of its own is a new tab with a
 * new user id.
 */
export function newPhoneContext(
  browser: Browser,
  options: BrowserContextOptions = {},
): Promise<BrowserContext> {
  return browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 3,
    isMobile: true,
    hasTouch: true,
    ...options,
  });
}

/** A phone page (see `newPhoneContext`) at `url`, once it says it is connected. */
export async function openPhonePage(
  browser: Browser,
  url: string,
  options: BrowserContextOptions = {},
): Promise<Page> {
  const page = await (await newPhoneContext(browser, options)).newPage();
  await page.goto(url);
  await page.locator('[role="status"][data-status="connected"]').waitFor();
  return page;
}

/** A desktop-sized page driven by the mouse. */
export async function openDesktopPage(browser: Browser, url: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(url);
  await page.locator('[role="status"][data-status="connected"]').waitFor();
  return page;
}

/** The user id the page shows in its status line. */
export async function shownUserId(page: Page): Promise<number> {
  const text = await page.locator('[data-user-id]').getAttribute('data-user-id');
  return Number(text);
}

export interface Point {
  x: number;
  y: number;
}

/** Points along the named slider's track, from 0 at its start to 1 at its end, halfway up. */
export async function sliderTrack(page: Page, name: string): Promise<(fraction: number) => Point> {
  const track = await page.getByRole('slider', { name }).boundingBox();
  if (!track) throw new Error(`the slider ${name} is not on the page`);
  return (fraction) => ({
    x: track.x + track.width * fraction,
    y: track.y + track.height / 2,
  });
}

/** The centre of an element and the stick's radius (a third of the shorter side, as laid out). */
export async function stickGeometry(page: Page): Promise<{ centre: Point; radius: number }> {
  const box = await page.locator('[data-control="joystick"]').boundingBox();
  if (!box) throw new Error('the joystick is not on the page');
  return {
    centre: { x: box.x + box.width / 2, y: box.y + box.height / 2 },
    radius: Math.min(box.width, box.height) / 3,
  };
}

/** Fingers on a touch screen: a few held at once, each moving in a straight line. */
export interface Fingers {
  /** Puts the fingers down one after another at their points. */
  down(...points: Point[]): Promise<void>;
  /** Moves every finger from its start to its target in `steps` events. */
  move(from: Point[], to: Point[], steps?: number): Promise<void>;
  /** Lifts every finger. */
  up(): Promise<void>;
}

/**
 * Real touches through the DevTools protocol, which can hold several fingers
 * down at once (Playwright's touchscreen only taps).
 */
export async function fingersOn(page: Page): Promise<Fingers> {
  const cdp = await page.context().newCDPSession(page);
  const dispatch = (type: 'touchStart' | 'touchMove' | 'touchEnd', points: Point[]) =>
    cdp.send('Input.dispatchTouchEvent', {
      type,
      touchPoints: points.map((point, id) => ({ x: point.x, y: point.y, id })),
    });
  return {
    async down(...points) {
      for (let count = 1; count <= points.length; count += 1) {
        await dispatch('touchStart', points.slice(0, count));
      }
    },
    async move(from, to, steps = 10) {
      for (let step = 1; step <= steps; step += 1) {
        const t = step / steps;
        await dispatch(
          'touchMove',
          from.map((start, i) => {
            const end = to[i] ?? start;
            return { x: start.x + (end.x - start.x) * t, y: start.y + (end.y - start.y) * t };
          }),
        );
      }
    },
    async up() {
      await dispatch('touchEnd', []);
    },
  };
}

/** Whether the page has scrolled or zoomed in any way. */
export function pageOffsets(page: Page) {
  return page.evaluate(() => ({
    scrollX: window.scrollX,
    scrollY: window.scrollY,
    rootScrollTop: document.scrollingElement?.scrollTop ?? 0,
    zoom: window.visualViewport?.scale ?? 1,
  }));
}
