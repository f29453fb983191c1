import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openPhonePage, shownUserId } from '../helpers/browser';
import { openClient, type TestClient } from '../helpers/wsClient';
import { relayAndChromium } from './setup';

const world = relayAndChromium();

const sendTo = (to: number | 'all', event: string, data: unknown) => ({
  type: 'send',
  to,
  event,
  data,
});

/** The RGBA of the joystick canvas's centre pixel, where the knob rests. */
const knobPixel = (page: Page) =>
  page.locator('[data-control="joystick"]').evaluate((canvas: HTMLCanvasElement) => {
    const data = canvas
      .getContext('2d')!
      .getImageData(Math.floor(canvas.width / 2), Math.floor(canvas.height / 2), 1, 1).data;
    return [...data];
  });

/** A phone page and an installation, the phone already announced to it. */
async function phoneAndInstallation(query = ''): Promise<{
  page: Page;
  id: number;
  installation: TestClient;
}> {
  const installation = await openClient(world.relay.installationUrl);
  const page = await openPhonePage(world.browser, `${world.relay.httpUrl}/${query}`);
  const id = await shownUserId(page);
  await installation.next((m) => m.type === 'connect' && m.sliderId === id);
  return { page, id, installation };
}

describe('an installation talking back to a phone', () => {
  it("tints that phone's joystick knob with the colour it sends, and only that phone's", async () => {
    const { page, id, installation } = await phoneAndInstallation();
    const other = await openPhonePage(world.browser, world.relay.httpUrl);
    await expect.poll(() => knobPixel(page)).toEqual([0x3f, 0xb7, 0xff, 255]);

    installation.send(sendTo(id, 'color', '#ff3366'));
    await expect.poll(() => knobPixel(page)).toEqual([0xff, 0x33, 0x66, 255]);
    expect(await knobPixel(other)).toEqual([0x3f, 0xb7, 0xff, 255]);

    // Any CSS colour, to everyone at once.
    installation.send(sendTo('all', 'color', 'rgb(0, 200, 0)'));
    await expect.poll(() => knobPixel(page)).toEqual([0, 200, 0, 255]);
    await expect.poll(() => knobPixel(other)).toEqual([0, 200, 0, 255]);
    await installation.close();
    await Promise.all([page.context().close(), other.context().close()]);
  });

  it('shows a text as a plain-text banner of at most 200 characters that fades away', async () => {
    const { page, id, installation } = await phoneAndInstallation();
    const text = `<b>Round two</b> ${'x'.repeat(250)}`;
    installation.send(sendTo(id, 'text', text));
    const banner = page.getByRole('note');
    await expect.poll(() => banner.textContent()).toBe(text.slice(0, 200));
    expect(await banner.locator('b').count()).toBe(0);
    expect(await banner.evaluate((element) => getComputedStyle(element).opacity)).toBe('1');

    // Shown for 6 s after the latest text, then faded out and gone.
    await page.locator('.banner[data-fading]').waitFor({ timeout: 10_000 });
    await banner.waitFor({ state: 'detached' });

    // The same text again shows again.
    installation.send(sendTo(id, 'text', 'Again'));
    await expect.poll(() => banner.textContent()).toBe('Again');
    await installation.close();
    await page.context().close();
  }, 20_000);

  it('vibrates the phone with the duration or pattern it sends', async () => {
    const installation = await openClient(world.relay.installationUrl);
    const context = await world.browser.newContext({ hasTouch: true, isMobile: true });
    // Only navigator.vibrate is stubbed: headless Chromium has no motor to drive.
    await context.addInitScript(() => {
      const calls: unknown[] = [];
      Object.defineProperty(window, 'vibrations', { value: calls });
      Object.defineProperty(Navigator.prototype, 'vibrate', {
        configurable: true,
        value: (pattern: unknown) => (calls.push(pattern), true),
      });
    });
    const page = await context.newPage();
    await page.goto(world.relay.httpUrl);
    await page.locator('[role="status"][data-status="connected"]').waitFor();
    const id = await shownUserId(page);
    await installation.next((m) => m.type === 'connect' && m.sliderId === id);

    installation.send(sendTo(id, 'vibrate', 200));
    installation.send(sendTo(id, 'vibrate', [100, 50, 100]));
    installation.send(sendTo(id, 'vibrate', 'not a pattern'));
    installation.send(sendTo(id, 'text', 'after the vibrations'));
    await page.getByRole('note').waitFor();
    expect(
      await page.evaluate(() => (window as unknown as { vibrations: unknown[] }).vibrations),
    ).toEqual([200, [100, 50, 100]]);
    await installation.close();
    await context.close();
  });
});
