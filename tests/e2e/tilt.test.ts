import type { BrowserContext, CDPSession, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { fingersOn, INSECURE_HOST, shownUserId, stickGeometry } from '../helpers/browser';
import type { Received } from '../helpers/wsClient';
import { phoneRoutes } from './phoneRoutes';

const routes = phoneRoutes();
const updates = (messages: Received[]) => messages.filter((m) => m.type === 'update');
const lastUpdate = (messages: Received[]) => updates(messages).at(-1);

/**
 * A phone whose orientation the DevTools protocol sets, and, where `permission`
 * is given, the iOS permission prompt stubbed to answer it (the platform API;
 * Chromium has none).
 */
async function tiltingPhone(
  permission?: 'granted' | 'denied',
): Promise<{ context: BrowserContext; page: Page; cdp: CDPSession }> {
  const context = await routes.browser.newContext({
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
  });
  // What the page last heard, so a test knows its tilt arrived: the browser
  // samples the orientation, and two set in quick succession may come as one.
  await context.addInitScript(() =>
    window.addEventListener('deviceorientation', (event) =>
      Object.assign(window, { heardTilt: [event.beta, event.gamma] }),
    ),
  );
  if (permission) {
    await context.addInitScript((answer) => {
      Object.assign(DeviceOrientationEvent, { requestPermission: async () => answer });
    }, permission);
  }
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  return { context, page, cdp };
}

/** Resolves once the page has painted and run its effects: a listener added on this render is in place. */
const settled = (page: Page) =>
  page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve))));

/** Sets the phone's orientation before the page is open. */
const poseBefore = (cdp: CDPSession, beta: number, gamma: number) =>
  cdp.send('DeviceOrientation.setDeviceOrientationOverride', { alpha: 0, beta, gamma });

/** Tilts the phone, and resolves once the page has heard it. */
async function tiltTo(page: Page, cdp: CDPSession, beta: number, gamma: number) {
  await poseBefore(cdp, beta, gamma);
  await page.waitForFunction(
    ([b, g]) => {
      const heard = (window as { heardTilt?: number[] }).heardTilt;
      return heard?.[0] === b && heard?.[1] === g;
    },
    [beta, gamma],
  );
}

async function openTiltPage(page: Page) {
  await page.goto(`${routes.relay.httpUrl}/?stick=tilt`);
  await page.locator('[role="status"][data-status="connected"]').waitFor();
  return shownUserId(page);
}

describe('a stick driven by tilt', () => {
  const [, relayRoute] = routes.both;

  it('reads the pose held at the start as the centre, 30 degrees as the rim, and a tap re-centres', async () => {
    const { context, page, cdp } = await tiltingPhone();
    await poseBefore(cdp, 40, 0);
    const id = await openTiltPage(page);
    await page.locator('.tilt-card[data-tilt="on"]').waitFor();
    // Calibrated at beta 40: tipping the top away by 15 degrees is half way up.
    await tiltTo(page, cdp, 25, 0);
    await relayRoute!.messagesOnceThey(id, (mine) => lastUpdate(mine)?.y === 0.5);
    expect(lastUpdate(relayRoute!.messagesOf(id))).toMatchObject({
      x: 0,
      y: 0.5,
      speed: 50,
      angle: 90,
    });
    // The right edge down by 30 more: on the rim, up and right.
    await tiltTo(page, cdp, 25, 30);
    const mine = await relayRoute!.messagesOnceThey(id, (all) => lastUpdate(all)?.speed === 100);
    expect(lastUpdate(mine)).toMatchObject({ x: 0.894, y: 0.447, speed: 100, angle: 27 });

    // A tap on the stick makes this pose the centre, and drags nothing.
    const { centre } = await stickGeometry(page);
    const fingers = await fingersOn(page);
    await fingers.down(centre);
    await fingers.up();
    await tiltTo(page, cdp, 25, 20);
    await relayRoute!.messagesOnceThey(id, (all) => lastUpdate(all)?.speed === 0);
    await tiltTo(page, cdp, 25, 5);
    const after = await relayRoute!.messagesOnceThey(id, (all) => lastUpdate(all)?.x === -0.5);
    expect(lastUpdate(after)).toMatchObject({ x: -0.5, y: 0, speed: 50, angle: 180 });
    await context.close();
  });

  it('sends the same updates, through the same throttle, as the touch stick', async () => {
    const { context, page, cdp } = await tiltingPhone();
    await poseBefore(cdp, 40, 0);
    await page.goto(`${routes.relay.httpUrl}/?stick=tilt&rate=1`);
    await page.locator('.tilt-card[data-tilt="on"]').waitFor();
    const id = await shownUserId(page);
    for (const gamma of [3, 6, 9, 12, 15]) await tiltTo(page, cdp, 40, gamma);
    // At one message a second the first goes out at once and the last when the second is up.
    const mine = await relayRoute!.messagesOnceThey(id, (all) => lastUpdate(all)?.x === 0.5);
    const sent = updates(mine).map((m) => m.x);
    expect(sent).toEqual([0.1, 0.5]);
    await context.close();
  });

  it('asks on iOS only from a tap on "Use tilt", and starts once allowed', async () => {
    const { context, page, cdp } = await tiltingPhone('granted');
    // No orientation before the visitor allows it, as on iOS.
    const id = await openTiltPage(page);
    const card = page.locator('.tilt-card[data-tilt="ask"]');
    await card.waitFor();
    expect(await card.innerText()).toContain('Steer by tilting your phone, or drag the stick.');
    await page.getByRole('button', { name: 'Use tilt' }).tap();
    await page.locator('.tilt-card[data-tilt="on"]').waitFor();
    await settled(page);
    await tiltTo(page, cdp, 40, 0);
    await tiltTo(page, cdp, 40, -15);
    const mine = await relayRoute!.messagesOnceThey(id, (all) => lastUpdate(all)?.x === -0.5);
    expect(lastUpdate(mine)).toMatchObject({ x: -0.5, y: 0, speed: 50, angle: 180 });
    await context.close();
  });

  it('says so when tilt is refused, and the touch stick plays instead', async () => {
    const { context, page } = await tiltingPhone('denied');
    const id = await openTiltPage(page);
    await page.getByRole('button', { name: 'Use tilt' }).tap();
    const card = page.locator('.tilt-card[data-tilt="refused"]');
    await card.waitFor();
    expect(await card.innerText()).toContain('Tilt was not allowed, so drag the stick instead.');
    await dragRight(page);
    await relayRoute!.messagesOnceThey(id, (all) => updates(all).some((m) => m.x >= 0.4));
    await context.close();
  });

  it('explains that an http page gets no tilt, and the touch stick plays instead', async () => {
    const { context, page } = await tiltingPhone();
    await page.goto(`http://${INSECURE_HOST}:${routes.relay.port}/?stick=tilt`);
    await page.locator('[role="status"][data-status="connected"]').waitFor();
    const id = await shownUserId(page);
    const card = page.locator('.tilt-card[data-tilt="insecure"]');
    await card.waitFor();
    expect(await card.innerText()).toContain('Tilt needs a secure page (an https:// address)');
    await dragRight(page);
    await relayRoute!.messagesOnceThey(id, (all) => updates(all).some((m) => m.x >= 0.4));
    await context.close();
  });

  it('falls back to the touch stick where no orientation ever comes', async () => {
    const { context, page } = await tiltingPhone('granted');
    await openTiltPage(page);
    await page.getByRole('button', { name: 'Use tilt' }).tap();
    await page.locator('.tilt-card[data-tilt="unsupported"]').waitFor();
    expect(await page.locator('.tilt-card').innerText()).toContain(
      'This browser does not tell the page how the phone is tilted, so drag the stick instead.',
    );
    await context.close();
  });
});

async function dragRight(page: Page) {
  const { centre, radius } = await stickGeometry(page);
  const fingers = await fingersOn(page);
  await fingers.down(centre);
  await fingers.move([centre], [{ x: centre.x + radius * 0.6, y: centre.y }]);
  await fingers.up();
}
