import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { fingersOn, openPhonePage, shownUserId, stickGeometry } from '../helpers/browser';
import { openClient, type TestClient } from '../helpers/wsClient';
import { relayAndChromium } from './setup';
import { pageRoot, playerText, shownSlot, slotBecomes } from './pageHooks';

const world = relayAndChromium();

/** Screenshots land here for a person to look at; the folder is not committed. */
const ARTIFACTS = 'test-results';

const statusText = (page: Page) => page.locator('.status-text').textContent();

/** A page's user and the `connect` the installation got for it, with its slot. */
async function joined(installation: TestClient, page: Page) {
  const id = await shownUserId(page);
  const connect = await installation.next((m) => m.type === 'connect' && m.sliderId === id);
  return { id, slot: connect.slot as number };
}

describe('player numbers on the phone', () => {
  it('shows "player 1" and "player 2" in the order the phones join, and player 1 again after an idle delete', async () => {
    const installation = await openClient(world.relay.installationUrl);
    const first = await openPhonePage(world.browser, `${world.relay.httpUrl}/?idle=1`);
    const firstId = await shownUserId(first);
    const { centre, radius } = await stickGeometry(first);
    const fingers = await fingersOn(first);
    // A thumb held on the stick keeps the first page present while the second one joins.
    // Had it idled out before the touch, the touch brings it back to its free slot 1.
    await fingers.down(centre);
    await installation.next((m) => m.type === 'connect' && m.sliderId === firstId && m.slot === 1);
    await slotBecomes(first, 1);
    expect(await playerText(first)).toBe('player 1');

    const second = await openPhonePage(world.browser, world.relay.httpUrl);
    const { id: secondId, slot: secondSlot } = await joined(installation, second);
    expect(secondSlot).toBe(2);
    await slotBecomes(second, 2);
    expect(await playerText(second)).toBe('player 2');

    // Let go and idle for a second: the first page says delete, and is no one's player
    // until it plays again.
    await fingers.up();
    await installation.next((m) => m.type === 'delete' && m.sliderId === firstId);
    await slotBecomes(first, null);
    expect(await playerText(first)).toBe('');
    expect(await statusText(first)).toBe('away');

    // A drag brings it back; its old slot is free, so it is player 1 again.
    await fingers.down(centre);
    await fingers.move([centre], [{ x: centre.x + radius / 2, y: centre.y }]);
    const back = await installation.next((m) => m.type === 'connect' && m.sliderId === firstId);
    expect(back.slot).toBe(1);
    await slotBecomes(first, 1);
    expect(await playerText(first)).toBe('player 1');
    await fingers.up();

    // The other player's number never moved.
    expect(await pageRoot(second).getAttribute('data-slot')).toBe('2');
    expect(installation.received.filter((m) => m.sliderId === secondId && m.slot !== 2)).toEqual(
      [],
    );
    await installation.close();
    await Promise.all([first.context().close(), second.context().close()]);
  });

  it('shows no player and no raw id before the relay gives a slot', async () => {
    // A relay that never answers: the page keeps trying, and has no slot to show.
    const context = await world.browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto(`${world.relay.httpUrl}/?ws=ws://127.0.0.1:9/ws`);
    await page.locator('[role="status"][data-status="connecting"]').waitFor();
    expect(await pageRoot(page).getAttribute('data-slot')).toBe('');
    expect(await playerText(page)).toBe('');
    const id = await shownUserId(page);
    expect(await page.locator('body').innerText()).not.toContain(String(id));
    await context.close();
  });

  it('lets an installation tint a phone by its slot', async () => {
    const installation = await openClient(world.relay.installationUrl);
    const page = await openPhonePage(world.browser, world.relay.httpUrl);
    const slot = await shownSlot(page);
    await joined(installation, page);
    installation.send({ type: 'send', slot, event: 'text', data: `You are player ${slot}` });
    await expect.poll(() => page.getByRole('note').textContent()).toBe(`You are player ${slot}`);
    await installation.close();
    await page.context().close();
  });

  it.each([
    [320, 568],
    [390, 844],
  ])(
    'keeps "player 100" and the status on one line at %i px wide, and the stick in place without it',
    async (width, height) => {
      // Plain sockets hold slots 1 to 99, so the page gets a three-digit number.
      await expect
        .poll(async () => (await world.relay.health()).controllers, { timeout: 5000 })
        .toBe(0);
      const holders = await Promise.all(
        Array.from({ length: 99 }, async (_, index) => {
          const holder = await openClient(world.relay.phoneSocketUrl);
          holder.send({ type: 'connect', sliderId: 900_000 + index });
          await holder.next((m) => m.event === 'slot');
          return holder;
        }),
      );
      try {
        const context = await world.browser.newContext({
          viewport: { width, height },
          deviceScaleFactor: 2,
          isMobile: true,
          hasTouch: true,
        });
        const page = await context.newPage();
        await page.goto(`${world.relay.httpUrl}/?sliders=zoom,hue`);
        // The tools come from the lazy chunk; the layout is final once they are in.
        await page.locator('.tools').waitFor({ state: 'attached' });
        await slotBecomes(page, 100);
        expect(await playerText(page)).toBe('player 100');
        mkdirSync(ARTIFACTS, { recursive: true });
        await page.screenshot({ path: `${ARTIFACTS}/player-${width}.png` });

        const layout = await page.evaluate(() => {
          const box = (selector: string) =>
            document.querySelector(selector)!.getBoundingClientRect();
          const status = document.querySelector('.status')!;
          const player = box('.status .player');
          const text = box('.status .status-text');
          const em = parseFloat(getComputedStyle(document.querySelector('.player')!).fontSize);
          return {
            pageOverflows: document.documentElement.scrollWidth > window.innerWidth,
            statusOverflows: status.scrollWidth > status.clientWidth,
            playerInside: player.left >= 0 && player.right <= window.innerWidth,
            sameLine: Math.abs(player.top - text.top) < 2,
            playerOneLine: player.height < em * 2,
            textOneLine: text.height < em * 2,
          };
        });
        expect(layout).toEqual({
          pageOverflows: false,
          statusOverflows: false,
          playerInside: true,
          sameLine: true,
          playerOneLine: true,
          textOneLine: true,
        });

        // Hidden, the page says delete and holds no slot; nothing on it moves for that.
        const joystick = page.locator('[data-control="joystick"]');
        const numbered = await joystick.boundingBox();
        await page.evaluate(() => {
          Object.defineProperty(document, 'visibilityState', {
            value: 'hidden',
            configurable: true,
          });
          document.dispatchEvent(new Event('visibilitychange'));
        });
        await slotBecomes(page, null);
        expect(await joystick.boundingBox()).toEqual(numbered);
        await context.close();
      } finally {
        await Promise.all(holders.map((holder) => holder.close()));
      }
    },
  );
});
