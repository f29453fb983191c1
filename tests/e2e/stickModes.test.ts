import { describe, expect, it } from 'vitest';
import { fingersOn, stickGeometry } from '../helpers/browser';
import type { Received } from '../helpers/wsClient';
import { phoneRoutes } from './phoneRoutes';

const routes = phoneRoutes();

const updates = (messages: Received[]) => messages.filter((m) => m.type === 'update');
/** The update sent last before the release: where the thumb ended. */
const lastHeld = (messages: Received[]) => updates(messages).findLast((m) => m.speed > 0);
const released = (messages: Received[]) => {
  const all = updates(messages);
  return all.some((m) => m.speed > 0) && all.at(-1).speed === 0;
};

describe.each(routes.both)('the stick, read at $name', (route) => {
  it('floats: the base comes to where the thumb lands, and the offset is measured from there', async () => {
    const { page, id } = await route.openPhone('stick=floating');
    const { centre, radius } = await stickGeometry(page);
    // Far outside a fixed stick's base, near the area's top left corner.
    const landing = { x: centre.x - radius * 1.1, y: centre.y - radius * 1.4 };
    const fingers = await fingersOn(page);
    await fingers.down(landing);
    await fingers.move([landing], [{ x: landing.x + radius / 2, y: landing.y }]);
    await route.messagesOnceThey(id, (mine) => (lastHeld(mine)?.x ?? 0) >= 0.49);
    await fingers.up();

    const mine = await route.messagesOnceThey(id, released);
    expect(lastHeld(mine)).toMatchObject({ x: 0.5, y: 0, speed: 50, angle: 0 });
    // The landing itself reads as the centre: nothing before the move points anywhere.
    expect(updates(mine)[0]).toMatchObject({ x: 0, y: 0, speed: 0, angle: 0 });
    expect(updates(mine).every((m) => m.x >= 0 && m.y === 0)).toBe(true);
    await page.context().close();
  });

  it('reads 0,0,0,0 inside the deadzone and rescales outside it, so the rim is still 1', async () => {
    const { page, id } = await route.openPhone();
    route.sendLayout(id, { stick: { deadzone: 0.2 } });
    await page.locator('[data-control="joystick"]').waitFor();
    // The layout is swapped when a fresh joystick is drawn: wait for the sliders to go.
    await page.getByRole('slider').waitFor({ state: 'detached' });
    const { centre, radius } = await stickGeometry(page);
    const fingers = await fingersOn(page);
    await fingers.down(centre);
    const inside = { x: centre.x + radius * 0.15, y: centre.y };
    await fingers.move([centre], [inside]);
    const outside = { x: centre.x + radius * 0.6, y: centre.y };
    await fingers.move([inside], [outside]);
    await route.messagesOnceThey(id, (mine) => (lastHeld(mine)?.x ?? 0) >= 0.49);
    await fingers.up();

    const mine = await route.messagesOnceThey(id, released);
    // (0.6 - 0.2) / (1 - 0.2) = 0.5
    expect(lastHeld(mine)).toMatchObject({ x: 0.5, y: 0, speed: 50, angle: 0 });
    const moved = updates(mine).filter((m) => m.speed > 0);
    expect(moved.every((m) => m.x > 0)).toBe(true);
    expect(updates(mine)[0]).toMatchObject({ x: 0, y: 0, speed: 0, angle: 0 });
    await page.context().close();
  });

  it('locks to the x axis: a diagonal drag reads only its x, and y stays 0', async () => {
    const { page, id } = await route.openPhone();
    route.sendLayout(id, { stick: { axis: 'x' } });
    await page.getByRole('slider').waitFor({ state: 'detached' });
    const { centre, radius } = await stickGeometry(page);
    const fingers = await fingersOn(page);
    await fingers.down(centre);
    await fingers.move([centre], [{ x: centre.x - radius * 0.5, y: centre.y - radius * 0.8 }]);
    await route.messagesOnceThey(id, (mine) => (lastHeld(mine)?.x ?? 0) <= -0.49);
    await fingers.up();

    const mine = await route.messagesOnceThey(id, released);
    expect(lastHeld(mine)).toMatchObject({ x: -0.5, y: 0, speed: 50, angle: 180 });
    expect(updates(mine).every((m) => m.y === 0)).toBe(true);
    await page.context().close();
  });

  it('locks to the y axis: a diagonal drag reads only its y', async () => {
    const { page, id } = await route.openPhone();
    route.sendLayout(id, { stick: { axis: 'y' } });
    await page.getByRole('slider').waitFor({ state: 'detached' });
    const { centre, radius } = await stickGeometry(page);
    const fingers = await fingersOn(page);
    await fingers.down(centre);
    await fingers.move([centre], [{ x: centre.x + radius * 0.8, y: centre.y - radius * 0.5 }]);
    await route.messagesOnceThey(id, (mine) => (lastHeld(mine)?.y ?? 0) >= 0.49);
    await fingers.up();

    const mine = await route.messagesOnceThey(id, released);
    expect(lastHeld(mine)).toMatchObject({ x: 0, y: 0.5, speed: 50, angle: 90 });
    expect(updates(mine).every((m) => m.x === 0)).toBe(true);
    await page.context().close();
  });
});
