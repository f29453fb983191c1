import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { fingersOn, newPhoneContext, sliderTrack } from '../helpers/browser';
import { relayAndChromium } from './setup';
import { statusBecomes } from './pageHooks';

const world = relayAndChromium();

const VIEWPORTS = [
  { width: 320, height: 640 },
  { width: 390, height: 844 },
] as const;

async function phone(viewport: { width: number; height: number }): Promise<Page> {
  const page = await (
    await newPhoneContext(world.browser, { viewport, deviceScaleFactor: 2 })
  ).newPage();
  await page.goto(world.relay.httpUrl);
  await statusBecomes(page, 'connected', true);
  return page;
}

/**
 * The colour painted at a point of the slider, in CSS pixels from its left
 * edge and top, read back from its canvas.
 */
const paintedAt = (page: Page, x: number, y: number) =>
  page.locator('[role="slider"] canvas').evaluate(
    (canvas: HTMLCanvasElement, [atX, atY]) => {
      const ratio = canvas.width / canvas.clientWidth;
      const pixel = canvas
        .getContext('2d')!
        .getImageData(Math.round(atX! * ratio), Math.round(atY! * ratio), 1, 1).data;
      return [pixel[0], pixel[1], pixel[2]];
    },
    [x, y],
  );

/** Whether a colour is the light of the thumb and the words, not the dark of the track. */
const isLight = ([r, g, b]: (number | undefined)[]) => (r ?? 0) + (g ?? 0) + (b ?? 0) > 600;

describe.each(VIEWPORTS)('an untouched slider at $width px', (viewport) => {
  it('shows its value and a thumb where it starts, at 0', async () => {
    const page = await phone(viewport);
    const slider = page.getByRole('slider', { name: 'slider' });
    expect(await slider.getAttribute('aria-valuenow')).toBe('0');
    expect(await slider.getAttribute('aria-valuetext')).toBe('0%');
    const box = (await slider.boundingBox())!;
    await page.screenshot({ path: `test-results/slider-untouched-${viewport.width}.png` });
    // The thumb, at the track's left end, is painted, and so is the track beside it.
    await expect.poll(() => paintedAt(page, 10, box.height / 2).then(isLight)).toBe(true);
    expect(isLight(await paintedAt(page, 16, box.height / 2))).toBe(false);
    // The value, "0%", right-aligned near the far end, has light pixels along its line.
    const valueLine = await page
      .locator('[role="slider"] canvas')
      .evaluate((canvas: HTMLCanvasElement) => {
        const ratio = canvas.width / canvas.clientWidth;
        const row = Math.round((canvas.clientHeight / 2) * ratio);
        const from = Math.round((canvas.clientWidth - 60) * ratio);
        const data = canvas
          .getContext('2d')!
          .getImageData(from, row - 3 * ratio, 40 * ratio, 6 * ratio).data;
        let light = 0;
        for (let i = 0; i < data.length; i += 4)
          if (data[i]! + data[i + 1]! + data[i + 2]! > 600) light++;
        return light;
      });
    expect(valueLine).toBeGreaterThan(0);
    await page.context().close();
  });
});

describe('the focus ring', () => {
  it('is not left by a touch drag on a slider, and is shown when Tab reaches it', async () => {
    const page = await phone({ width: 390, height: 844 });
    const slider = page.getByRole('slider', { name: 'slider' });
    const at = await sliderTrack(page, 'slider');
    const fingers = await fingersOn(page);
    await fingers.down(at(0.2));
    await fingers.move([at(0.2)], [at(0.7)]);
    await fingers.up();
    await expect
      .poll(async () => Number(await slider.getAttribute('aria-valuenow')))
      .toBeGreaterThan(0.5);
    const outlineOf = () => slider.evaluate((element) => getComputedStyle(element).outlineStyle);
    expect(await outlineOf()).toBe('none');
    expect(await page.locator(':focus-visible').count()).toBe(0);

    for (let presses = 0; presses < 8; presses++) {
      await page.keyboard.press('Tab');
      if (await slider.evaluate((element) => element === document.activeElement)) break;
    }
    expect(await slider.evaluate((element) => element.matches(':focus-visible'))).toBe(true);
    expect(await outlineOf()).toBe('solid');
    await page.context().close();
  });

  it('is not left by a touch on the joystick', async () => {
    const page = await phone({ width: 390, height: 844 });
    const stick = (await page.locator('[data-control="joystick"]').boundingBox())!;
    const centre = { x: stick.x + stick.width / 2, y: stick.y + stick.height / 2 };
    const fingers = await fingersOn(page);
    await fingers.down(centre);
    await fingers.move([centre], [{ x: centre.x + 40, y: centre.y }]);
    await fingers.up();
    expect(await page.locator(':focus-visible').count()).toBe(0);
    await page.context().close();
  });
});
