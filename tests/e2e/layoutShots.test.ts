import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { relayAndChromium } from './setup';

const world = relayAndChromium();

/** Screenshots of every layout at both widths, for a person to look at. */
const SHOTS = process.env.LAYOUT_SHOTS ?? '/tmp/shots-layouts';

beforeAll(() => {
  mkdirSync(SHOTS, { recursive: true });
});

const VIEWPORTS = [
  { width: 390, height: 844 },
  { width: 320, height: 640 },
] as const;

interface Shot {
  name: string;
  query: string;
  /** The iOS permission prompt, stubbed to answer this (the platform API). */
  permission?: 'granted' | 'denied';
  /** What to do before the screenshot, once the page is connected. */
  then?: (page: Page) => Promise<void>;
}

const SHOTS_TAKEN: Shot[] = [
  { name: 'default', query: '' },
  { name: 'stick-and-two-buttons', query: 'buttons=fire,jump&sliders=' },
  { name: 'mixer-of-four-sliders', query: 'stick=none&sliders=bass,mid,high,gain' },
  { name: 'vote-of-four-buttons', query: 'stick=none&sliders=&buttons=red,green,blue,yellow' },
  {
    name: 'tilt-asking',
    query: 'stick=tilt&sliders=',
    permission: 'denied',
    then: (page) => page.locator('.tilt-card[data-tilt="ask"]').waitFor(),
  },
  {
    name: 'tilt-refused',
    query: 'stick=tilt&sliders=',
    permission: 'denied',
    then: async (page) => {
      await page.getByRole('button', { name: 'Use tilt' }).tap();
      await page.locator('.tilt-card[data-tilt="refused"]').waitFor();
    },
  },
];

/** Every control and the tilt card: inside the screen, apart from each other, and 48 px to touch. */
const controlBoxes = (page: Page) =>
  page.evaluate(() =>
    [
      ...document.querySelectorAll(
        '[data-control], [role="slider"], button[data-button], .tilt-card',
      ),
    ].map((element) => {
      const box = element.getBoundingClientRect();
      return {
        what:
          element.getAttribute('data-button') ??
          element.getAttribute('aria-label') ??
          element.className,
        left: box.left,
        top: box.top,
        right: box.right,
        bottom: box.bottom,
      };
    }),
  );

describe.each(VIEWPORTS)('the layouts at $width px', (viewport) => {
  it.each(SHOTS_TAKEN)(
    'shows $name with every control on screen and big enough to touch',
    async (shot) => {
      const context = await world.browser.newContext({
        viewport,
        deviceScaleFactor: 2,
        isMobile: true,
        hasTouch: true,
      });
      if (shot.permission) {
        await context.addInitScript((answer) => {
          Object.assign(DeviceOrientationEvent, { requestPermission: async () => answer });
        }, shot.permission);
      }
      const page = await context.newPage();
      await page.goto(`${world.relay.httpUrl}/?${shot.query}`);
      await page.locator('main.app[data-status="connected"][data-present="true"]').waitFor();
      await page.locator('.controls:not([data-layout="0"])').waitFor();
      await page.locator('.tools').waitFor({ state: 'attached' });
      await shot.then?.(page);

      const boxes = await controlBoxes(page);
      expect(boxes.length).toBeGreaterThan(0);
      for (const box of boxes) {
        expect([box.what, box.left >= 0, box.top >= 0]).toEqual([box.what, true, true]);
        expect([box.what, box.right <= viewport.width, box.bottom <= viewport.height]).toEqual([
          box.what,
          true,
          true,
        ]);
        if (!String(box.what).includes('tilt-card')) {
          expect([box.what, Math.min(box.right - box.left, box.bottom - box.top) >= 48]).toEqual([
            box.what,
            true,
          ]);
        }
      }
      await page.screenshot({ path: `${SHOTS}/${shot.name}-${viewport.width}.png` });
      await context.close();
    },
  );
});
