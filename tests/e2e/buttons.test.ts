import { describe, expect, it } from 'vitest';
import { fingersOn } from '../helpers/browser';
import { pause } from '../src/store/testRelay';
import { buttonCentre, buttonEvents, holdStickAndButton, phoneRoutes } from './phoneRoutes';

const routes = phoneRoutes();

describe.each(routes.both)('buttons, read at $name', (route) => {
  it('holds the stick and a button at once with two fingers, and lets both go', async () => {
    const { page, id } = await route.openPhone('buttons=fire');
    const { fingers } = await holdStickAndButton(page, 'fire', { x: 0.6, y: 0 });

    // Both count while both fingers are down.
    await route.messagesOnceThey(
      id,
      (mine) =>
        mine.some((m) => m.type === 'update' && m.x > 0.55) &&
        buttonEvents(mine).includes('fire down'),
    );
    expect(buttonEvents(route.messagesOf(id))).toEqual(['fire down']);
    expect(await page.locator('button[data-button="fire"][data-pressed]').count()).toBe(1);
    await fingers.up();

    const mine = await route.messagesOnceThey(id, (all) => buttonEvents(all).includes('fire up'));
    expect(buttonEvents(mine)).toEqual(['fire down', 'fire up']);
    expect(mine.find((m) => m.type === 'button')).toMatchObject({
      type: 'button',
      sliderId: id,
      name: 'fire',
      pressed: true,
    });
    await route.messagesOnceThey(id, (all) => {
      const updates = all.filter((m) => m.type === 'update');
      return updates.length > 1 && updates.at(-1).speed === 0;
    });
    expect(await page.locator('button[data-pressed]').count()).toBe(0);
    await page.context().close();
  });

  it('presses two buttons at once, each with its own press and release', async () => {
    const { page, id } = await route.openPhone('buttons=left,right&stick=none&sliders=');
    const left = await buttonCentre(page, 'left');
    const right = await buttonCentre(page, 'right');
    const fingers = await fingersOn(page);
    await fingers.down(left, right);
    await route.messagesOnceThey(id, (mine) => buttonEvents(mine).length === 2);
    expect(buttonEvents(route.messagesOf(id))).toEqual(['left down', 'right down']);
    await fingers.up();
    const mine = await route.messagesOnceThey(id, (all) => buttonEvents(all).length === 4);
    expect(buttonEvents(mine).slice(2).sort()).toEqual(['left up', 'right up']);
    await page.context().close();
  });

  it('sends every press and release of quick taps at once, in order, even at one message a second', async () => {
    const { page, id } = await route.openPhone('buttons=fire&rate=1');
    const fire = await buttonCentre(page, 'fire');
    const fingers = await fingersOn(page);
    for (let tap = 0; tap < 3; tap += 1) {
      await fingers.down(fire);
      await fingers.up();
    }
    const mine = await route.messagesOnceThey(id, (all) => buttonEvents(all).length >= 6);
    expect(buttonEvents(mine)).toEqual([
      'fire down',
      'fire up',
      'fire down',
      'fire up',
      'fire down',
      'fire up',
    ]);
    await page.context().close();
  });

  it('holds a focused button down from the keyboard while Space is held', async () => {
    const { page, id } = await route.openPhone('buttons=fire');
    await page.locator('button[data-button="fire"]').focus();
    await page.keyboard.down('Space');
    await route.messagesOnceThey(id, (mine) => buttonEvents(mine).includes('fire down'));
    expect(buttonEvents(route.messagesOf(id))).toEqual(['fire down']);
    await page.keyboard.up('Space');
    const mine = await route.messagesOnceThey(id, (all) => buttonEvents(all).length === 2);
    expect(buttonEvents(mine)).toEqual(['fire down', 'fire up']);
    await page.context().close();
  });

  it('keeps a visitor holding a button present past the idle time, and lets them go after it', async () => {
    const { page, id } = await route.openPhone('buttons=fire&idle=1');
    const fire = await buttonCentre(page, 'fire');
    const fingers = await fingersOn(page);
    await fingers.down(fire);
    await route.messagesOnceThey(id, (mine) => buttonEvents(mine).includes('fire down'));
    // Twice the idle time, held; a delete in it would stand before the release.
    await pause(2000);
    await fingers.up();
    const mine = await route.messagesOnceThey(id, (all) => all.some((m) => m.type === 'delete'));
    const kinds = mine.map((m) => (m.type === 'button' ? `${m.name} ${m.pressed}` : m.type));
    expect(kinds.slice(kinds.indexOf('fire true'))).toEqual(['fire true', 'fire false', 'delete']);
    await page.context().close();
  });
});
