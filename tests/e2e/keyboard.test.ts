import { describe, expect, it } from 'vitest';
import {
  fingersOn,
  openDesktopPage,
  openPhonePage,
  shownUserId,
  stickGeometry,
} from '../helpers/browser';
import { openClient, type TestClient } from '../helpers/wsClient';
import { relayAndChromium } from './setup';
import { messagesOf, wasReleased } from './messages';

const world = relayAndChromium();

const RIGHT = { type: 'update', x: 1, y: 0, speed: 100, angle: 0 };
const UP_RIGHT = { type: 'update', x: 0.707, y: 0.707, speed: 100, angle: 45 };
const AT_REST = { type: 'update', x: 0, y: 0, speed: 0, angle: 0 };

/** One user's messages without the id and slot, which differ between two pages by design. */
function withoutId(received: unknown[], id: number): Record<string, unknown>[] {
  return messagesOf(received, id).map(({ sliderId: _id, slot: _slot, ...rest }) => rest);
}

/** Waits until the installation has this exact message (without id) from the user. */
const sees = (installation: TestClient, id: number, expected: object) =>
  installation.waitUntil((all) =>
    withoutId(all, id).some((m) => JSON.stringify(m) === JSON.stringify(expected)),
  );

describe('the keyboard on a desk', () => {
  it('sends the same messages as touch for the stick held right, then up and right, then let go', async () => {
    const installation = await openClient(world.relay.installationUrl);

    const desk = await openDesktopPage(world.browser, world.relay.httpUrl);
    await desk.locator('.tools').waitFor({ state: 'attached' });
    const deskId = await shownUserId(desk);
    await desk.keyboard.down('ArrowRight');
    await sees(installation, deskId, RIGHT);
    await desk.keyboard.down('KeyW');
    await sees(installation, deskId, UP_RIGHT);
    await desk.keyboard.up('KeyW');
    // Back to the right, as the arrow is still held; waited for, or the throttle would
    // rightly let the release that follows replace it.
    await installation.waitUntil(
      (all) =>
        withoutId(all, deskId).filter((m) => m.type === 'update' && m.y === 0 && m.x === 1)
          .length === 2,
    );
    await desk.keyboard.up('ArrowRight');
    await installation.waitUntil((all) => wasReleased(all, deskId));

    const phone = await openPhonePage(world.browser, world.relay.httpUrl);
    const phoneId = await shownUserId(phone);
    const { centre, radius } = await stickGeometry(phone);
    const right = { x: centre.x + radius * 1.5, y: centre.y };
    const upRight = { x: centre.x + radius * 1.5, y: centre.y - radius * 1.5 };
    const fingers = await fingersOn(phone);
    await fingers.down(centre);
    await fingers.move([centre], [right]);
    await sees(installation, phoneId, RIGHT);
    await fingers.move([right], [upRight]);
    await sees(installation, phoneId, UP_RIGHT);
    await fingers.up();
    await installation.waitUntil((all) => wasReleased(all, phoneId));

    const byKeys = withoutId(installation.received, deskId);
    const byTouch = withoutId(installation.received, phoneId);
    expect(byKeys).toEqual([{ type: 'connect' }, RIGHT, UP_RIGHT, RIGHT, AT_REST]);
    for (const message of byKeys) expect(byTouch).toContainEqual(message);
    expect(byTouch.at(-1)).toEqual(AT_REST);
    await installation.close();
    await desk.context().close();
    await phone.context().close();
  });

  it('leaves the arrows to a focused slider, while WASD still steers the stick', async () => {
    const installation = await openClient(world.relay.installationUrl);
    const page = await openDesktopPage(world.browser, `${world.relay.httpUrl}/?sliders=gain`);
    await page.locator('.tools').waitFor({ state: 'attached' });
    const id = await shownUserId(page);
    await page.getByRole('slider', { name: 'gain' }).focus();
    await page.keyboard.press('ArrowUp');
    await sees(installation, id, { type: 'slider', name: 'gain', value: 0.05 });
    await page.keyboard.down('KeyA');
    await sees(installation, id, { type: 'update', x: -1, y: 0, speed: 100, angle: 180 });
    await page.keyboard.up('KeyA');
    await installation.waitUntil((all) => wasReleased(all, id));
    const updates = withoutId(installation.received, id).filter((m) => m.type === 'update');
    expect(updates).toEqual([{ type: 'update', x: -1, y: 0, speed: 100, angle: 180 }, AT_REST]);
    await installation.close();
    await page.context().close();
  });

  it('moves the stick by a key pressed the moment the page shows, before the lazy tools load', async () => {
    const installation = await openClient(world.relay.installationUrl);
    const context = await world.browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    let letChunkLoad = () => {};
    const chunkMayLoad = new Promise<void>((resolve) => (letChunkLoad = resolve));
    await page.route('**/assets/extras-*.js', async (route) => {
      await chunkMayLoad;
      await route.continue();
    });
    await page.goto(world.relay.httpUrl);
    await page.locator('[data-control="joystick"]').waitFor();
    await page.keyboard.down('ArrowRight');
    const id = await shownUserId(page);
    await sees(installation, id, RIGHT);
    // The tools (the lazy chunk) are still held back.
    expect(await page.locator('.tools').count()).toBe(0);
    await page.keyboard.up('ArrowRight');
    await installation.waitUntil((all) => wasReleased(all, id));
    letChunkLoad();
    await page.locator('.tools').waitFor({ state: 'attached' });
    await installation.close();
    await context.close();
  });

  it('shows where the keyboard focus is', async () => {
    const page = await openDesktopPage(world.browser, `${world.relay.httpUrl}/?sliders=gain`);
    await page.keyboard.press('Tab');
    const focused = page.locator(':focus-visible');
    await expect(focused.count()).resolves.toBe(1);
    const outline = await focused.evaluate((el) => getComputedStyle(el).outlineStyle);
    expect(outline).toBe('solid');
    await page.context().close();
  });
});
