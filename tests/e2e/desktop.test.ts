import { describe, expect, it } from 'vitest';
import type { Slotted, UpdateMessage } from '../../src/shared/protocol';
import {
  INSECURE_HOST,
  openDesktopPage,
  pageOffsets,
  shownUserId,
  stickGeometry,
} from '../helpers/browser';
import { openClient } from '../helpers/wsClient';
import { relayAndChromium } from './setup';
import { expectValidUpdate, isFinalZero, messagesOf, wasReleased } from './messages';
import { shownSlot } from './pageHooks';

const world = relayAndChromium();

describe('a desktop browser', () => {
  it('drives the joystick with a mouse drag down and left, then a final zero', async () => {
    const installation = await openClient(world.relay.installationUrl);
    const page = await openDesktopPage(world.browser, world.relay.httpUrl);
    const id = await shownUserId(page);
    const { centre, radius } = await stickGeometry(page);

    await page.mouse.move(centre.x, centre.y);
    await page.mouse.down();
    await page.mouse.move(centre.x - radius * 0.6, centre.y + radius * 0.6, { steps: 12 });
    await installation.waitUntil((all) =>
      messagesOf(all, id).some((m) => m.type === 'update' && m.speed > 80),
    );
    await page.mouse.up();
    await installation.waitUntil((all) => wasReleased(all, id));

    const mine = messagesOf(installation.received, id);
    const slot = await shownSlot(page);
    expect(mine[0]).toEqual({ type: 'connect', sliderId: id, slot });
    // Every message about this user carries the slot the page shows.
    expect(mine.every((m) => m.slot === slot)).toBe(true);
    const updates = mine.filter((m): m is Slotted<UpdateMessage> => m.type === 'update');
    updates.forEach(expectValidUpdate);
    const held = updates.filter((m) => m.speed > 0);
    expect(held.length).toBeGreaterThan(0);
    for (const update of held) {
      expect(update.x).toBeLessThan(0);
      expect(update.y).toBeLessThan(0);
      expect(update.angle).toBeGreaterThanOrEqual(224);
      expect(update.angle).toBeLessThanOrEqual(226);
    }
    expect(isFinalZero(updates[updates.length - 1]!)).toBe(true);
    expect(await pageOffsets(page)).toEqual({ scrollX: 0, scrollY: 0, rootScrollTop: 0, zoom: 1 });
    await installation.close();
    await page.context().close();
  });

  it('moves the focused slider with the arrow keys', async () => {
    const installation = await openClient(world.relay.installationUrl);
    const page = await openDesktopPage(world.browser, `${world.relay.httpUrl}/?sliders=gain`);
    const id = await shownUserId(page);
    const slider = page.getByRole('slider', { name: 'gain' });
    await slider.focus();
    // One key at a time, each awaited, so the throttle cannot merge them.
    for (const [key, expected] of [
      ['ArrowUp', 0.05],
      ['ArrowUp', 0.1],
      ['End', 1],
      ['ArrowDown', 0.95],
    ] as const) {
      await page.keyboard.press(key);
      await installation.waitUntil((all) =>
        messagesOf(all, id).some((m) => m.type === 'slider' && m.value === expected),
      );
    }
    const values = messagesOf(installation.received, id)
      .filter((m) => m.type === 'slider')
      .map((m) => m.value);
    expect(values).toEqual([0.05, 0.1, 1, 0.95]);
    expect(await slider.getAttribute('aria-valuenow')).toBe('0.95');
    await installation.close();
    await page.context().close();
  });

  it('works from a plain-http address that is not a secure context', async () => {
    const installation = await openClient(world.relay.installationUrl);
    const page = await openDesktopPage(
      world.browser,
      `http://${INSECURE_HOST}:${world.relay.port}/`,
    );
    expect(await page.evaluate(() => window.isSecureContext)).toBe(false);
    const id = await shownUserId(page);
    expect(Number.isInteger(id) && id >= 1 && id <= 2147483647).toBe(true);
    await installation.next((m) => m.type === 'connect' && m.sliderId === id);

    // The id is kept across a reload of the same tab.
    await page.reload();
    await page.locator('[role="status"][data-status="connected"]').waitFor();
    expect(await shownUserId(page)).toBe(id);
    await installation.close();
    await page.context().close();
  });

  it("says which of the page's parameters it ignored, and still works", async () => {
    const page = await openDesktopPage(
      world.browser,
      `${world.relay.httpUrl}/?rate=fast&sliders=a,b,c,d,e`,
    );
    const alert = page.getByRole('alert');
    await expect(alert.textContent()).resolves.toContain('Ignored rate="fast"');
    await expect(alert.textContent()).resolves.toContain('Left out the slider "e"');
    expect(await page.getByRole('slider').count()).toBe(4);
    await page.context().close();
  });

  it('leaves after the idle time and comes back with connect on the next drag', async () => {
    const installation = await openClient(world.relay.installationUrl);
    const page = await openDesktopPage(world.browser, `${world.relay.httpUrl}/?idle=1`);
    const id = await shownUserId(page);
    await installation.next((m) => m.type === 'connect' && m.sliderId === id);
    await installation.next((m) => m.type === 'delete' && m.sliderId === id);

    const { centre, radius } = await stickGeometry(page);
    await page.mouse.move(centre.x, centre.y);
    await page.mouse.down();
    await page.mouse.move(centre.x + radius / 2, centre.y, { steps: 4 });
    await page.mouse.up();
    await installation.waitUntil((all) => wasReleased(all, id));
    const types = messagesOf(installation.received, id).map((m) => m.type);
    expect(types.slice(0, 3)).toEqual(['connect', 'delete', 'connect']);
    expect(types.slice(3).every((type) => type === 'update')).toBe(true);
    await installation.close();
    await page.context().close();
  });

  it('tells a browser without WebSocket support that it cannot be a controller', async () => {
    const context = await world.browser.newContext();
    // The one platform API taken away: as in a browser too old to have it.
    await context.addInitScript(() => {
      Reflect.deleteProperty(window, 'WebSocket');
    });
    const page = await context.newPage();
    await page.goto(world.relay.httpUrl);
    await expect(page.locator('body').textContent()).resolves.toContain(
      'This browser cannot open a WebSocket, so it cannot be a controller.',
    );
    expect(await page.locator('[data-control="joystick"]').count()).toBe(0);
    await context.close();
  });
});
