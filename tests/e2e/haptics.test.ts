import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { fingersOn, stickGeometry } from '../helpers/browser';
import { relayAndChromium } from './setup';

const world = relayAndChromium();

/** A phone whose `navigator.vibrate` only records what it was asked: the platform, stubbed. */
async function phoneWithVibrationLog(
  reducedMotion: 'reduce' | 'no-preference',
  query = '',
): Promise<Page> {
  const context = await world.browser.newContext({
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
    reducedMotion,
  });
  await context.addInitScript(() => {
    const log: unknown[] = [];
    Object.assign(window, { vibrations: log });
    navigator.vibrate = (pattern) => {
      log.push(pattern);
      return true;
    };
  });
  const page = await context.newPage();
  await page.goto(`${world.relay.httpUrl}/${query}`);
  await page.locator('[role="status"][data-status="connected"]').waitFor();
  await page.locator('.tools').waitFor({ state: 'attached' });
  return page;
}

/** Grabs the stick, drags it past the rim and back inside, then lets go. */
async function dragPastTheRim(page: Page): Promise<void> {
  const { centre, radius } = await stickGeometry(page);
  const outside = { x: centre.x, y: centre.y - radius * 1.5 };
  const inside = { x: centre.x, y: centre.y - radius * 0.5 };
  const fingers = await fingersOn(page);
  await fingers.down(centre);
  await fingers.move([centre], [outside]);
  await fingers.move([outside], [inside]);
  await fingers.up();
}

const vibrations = (page: Page) =>
  page.evaluate(() => (window as unknown as { vibrations: unknown[] }).vibrations);

describe('haptics', () => {
  it('ticks on grabbing the stick and bumps once on reaching the rim', async () => {
    const page = await phoneWithVibrationLog('no-preference');
    await dragPastTheRim(page);
    expect(await vibrations(page)).toEqual([10, 25]);
    await page.context().close();
  });

  it('ticks once for each press of a button, and not on its release', async () => {
    const page = await phoneWithVibrationLog('no-preference', '?buttons=fire');
    const box = (await page.locator('button[data-button="fire"]').boundingBox())!;
    const fire = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
    const fingers = await fingersOn(page);
    for (let tap = 0; tap < 2; tap += 1) {
      await fingers.down(fire);
      await fingers.up();
    }
    expect(await vibrations(page)).toEqual([10, 10]);
    await page.context().close();
  });

  it('stays still for a visitor who asked for reduced motion', async () => {
    const page = await phoneWithVibrationLog('reduce');
    await dragPastTheRim(page);
    expect(await vibrations(page)).toEqual([]);
    await page.context().close();
  });
});
