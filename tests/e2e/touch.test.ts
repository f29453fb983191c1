import { describe, expect, it } from 'vitest';
import type { Slotted, UpdateMessage } from '../../src/shared/protocol';
import {
  fingersOn,
  openPhonePage,
  pageOffsets,
  shownUserId,
  stickGeometry,
} from '../helpers/browser';
import { openClient } from '../helpers/wsClient';
import { relayAndChromium } from './setup';
import { expectValidUpdate, messagesOf, wasReleased } from './messages';
import { shownSlot } from './pageHooks';

const world = relayAndChromium();

describe('a phone with a touch screen', () => {
  it('sends connect, updates with the right signs and a final zero for a drag up and right', async () => {
    const installation = await openClient(world.relay.installationUrl);
    const page = await openPhonePage(world.browser, world.relay.httpUrl);
    const id = await shownUserId(page);
    const slot = await shownSlot(page);
    await installation.next((m) => m.type === 'connect' && m.sliderId === id && m.slot === slot);

    const { centre, radius } = await stickGeometry(page);
    const target = { x: centre.x + radius / 2, y: centre.y - radius / 2 };
    const fingers = await fingersOn(page);
    await fingers.down(centre);
    await fingers.move([centre], [target]);
    // The throttle may still hold the last move; lifting now would replace it with the zero.
    await installation.waitUntil((all) =>
      messagesOf(all, id).some((m) => m.type === 'update' && m.speed >= 69),
    );
    await fingers.up();

    await installation.waitUntil((all) => wasReleased(all, id));
    const updates = messagesOf(installation.received, id).filter(
      (m): m is Slotted<UpdateMessage> => m.type === 'update',
    );
    updates.forEach(expectValidUpdate);
    const held = updates.filter((m) => m.speed > 0);
    const farthest = held[held.length - 1]!;
    expect(farthest.x).toBeCloseTo(0.5, 1);
    expect(farthest.y).toBeCloseTo(0.5, 1);
    expect(farthest.speed).toBeGreaterThanOrEqual(69);
    expect(farthest.speed).toBeLessThanOrEqual(72);
    expect(farthest.angle).toBeGreaterThanOrEqual(44);
    expect(farthest.angle).toBeLessThanOrEqual(46);
    expect(held.every((m) => m.x >= 0 && m.y >= 0)).toBe(true);
    expect(updates[updates.length - 1]).toEqual({
      type: 'update',
      sliderId: id,
      slot,
      x: 0,
      y: 0,
      speed: 0,
      angle: 0,
    });
    expect(await pageOffsets(page)).toEqual({ scrollX: 0, scrollY: 0, rootScrollTop: 0, zoom: 1 });
    await installation.close();
    await page.context().close();
  });

  it('clamps a drag past the rim to speed 100', async () => {
    const installation = await openClient(world.relay.installationUrl);
    const page = await openPhonePage(world.browser, world.relay.httpUrl);
    const id = await shownUserId(page);
    const slot = await shownSlot(page);
    const { centre, radius } = await stickGeometry(page);
    const fingers = await fingersOn(page);
    await fingers.down(centre);
    await fingers.move([centre], [{ x: centre.x - radius * 1.4, y: centre.y }]);
    // Held at the rim until it is sent: a finger lifted within one throttle interval sends only the release.
    await installation.waitUntil((all) =>
      messagesOf(all, id).some((m) => m.type === 'update' && m.speed === 100),
    );
    await fingers.up();

    await installation.waitUntil((all) => wasReleased(all, id));
    const rim = messagesOf(installation.received, id).find(
      (m) => m.type === 'update' && m.speed === 100,
    );
    expect(rim).toEqual({
      type: 'update',
      sliderId: id,
      slot,
      x: -1,
      y: 0,
      speed: 100,
      angle: 180,
    });
    await installation.close();
    await page.context().close();
  });

  it('moves the joystick and a slider at once with two fingers, without scrolling', async () => {
    const installation = await openClient(world.relay.installationUrl);
    const page = await openPhonePage(world.browser, `${world.relay.httpUrl}/?sliders=zoom`);
    const id = await shownUserId(page);
    const slider = page.getByRole('slider', { name: 'zoom' });
    const track = (await slider.boundingBox())!;
    const { centre, radius } = await stickGeometry(page);

    const thumbStart = { x: track.x + track.width * 0.1, y: track.y + track.height / 2 };
    const thumbEnd = { x: track.x + track.width * 0.9, y: track.y + track.height / 2 };
    const stickEnd = { x: centre.x, y: centre.y + radius * 0.8 };
    const fingers = await fingersOn(page);
    await fingers.down(centre, thumbStart);
    await fingers.move([centre, thumbStart], [stickEnd, thumbEnd]);

    // Both controls report while both fingers are still down.
    await installation.waitUntil((all) =>
      messagesOf(all, id).some((m) => m.type === 'update' && m.y < -0.7),
    );
    await installation.waitUntil((all) =>
      messagesOf(all, id).some((m) => m.type === 'slider' && m.value > 0.85),
    );
    await fingers.up();
    await installation.waitUntil((all) => wasReleased(all, id));

    const mine = messagesOf(installation.received, id);
    const sliderValues = mine.filter((m) => m.type === 'slider');
    expect(sliderValues.every((m) => m.name === 'zoom' && m.value >= 0 && m.value <= 1)).toBe(true);
    expect(sliderValues[sliderValues.length - 1]).toMatchObject({ name: 'zoom' });
    expect(Number(await slider.getAttribute('aria-valuenow'))).toBeGreaterThan(0.85);
    const down = mine.filter(
      (m): m is Slotted<UpdateMessage> => m.type === 'update' && m.speed > 0,
    );
    expect(down.length).toBeGreaterThan(0);
    for (const update of down) {
      expect(Math.abs(update.x)).toBeLessThan(0.02);
      expect(update.angle).toBeGreaterThanOrEqual(269);
      expect(update.angle).toBeLessThanOrEqual(271);
    }
    expect(await pageOffsets(page)).toEqual({ scrollX: 0, scrollY: 0, rootScrollTop: 0, zoom: 1 });
    await installation.close();
    await page.context().close();
  });

  it('does not scroll or zoom when fingers swipe, even with content taller than the screen', async () => {
    const page = await openPhonePage(world.browser, world.relay.httpUrl);
    // Content that overflows, so a page without the controller's CSS would scroll here.
    await page.evaluate(() => {
      const tall = document.createElement('div');
      tall.style.height = '3000px';
      document.body.append(tall);
    });
    // Start in the padding at the bottom edge, outside every control, and swipe up.
    const from = { x: 8, y: 836 };
    const fingers = await fingersOn(page);
    await fingers.down(from);
    await fingers.move([from], [{ x: from.x, y: 100 }]);
    await fingers.up();
    const second = { x: 380, y: 836 };
    await fingers.down(from, second);
    await fingers.move(
      [from, second],
      [
        { x: 100, y: 300 },
        { x: 300, y: 120 },
      ],
    );
    await fingers.up();
    expect(await pageOffsets(page)).toEqual({ scrollX: 0, scrollY: 0, rootScrollTop: 0, zoom: 1 });
    await page.context().close();
  });
});
