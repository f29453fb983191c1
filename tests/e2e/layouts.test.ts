import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fingersOn, openPhonePage, shownUserId } from '../helpers/browser';
import { startRelayProcess, type RelayProcess } from '../helpers/relayProcess';
import type { Received } from '../helpers/wsClient';
import { pause } from '../src/store/testRelay';
import { buttonCentre, buttonEvents, holdStickAndButton, phoneRoutes } from './phoneRoutes';

const routes = phoneRoutes();

/** What the page shows: the stick's mode (or none), the sliders and the buttons, by name. */
const shownControls = (page: Page) =>
  page.evaluate(() => ({
    stick: document.querySelector('[data-control="joystick"]')?.getAttribute('data-mode') ?? 'none',
    sliders: [...document.querySelectorAll('[role="slider"]')].map((s) => [
      s.getAttribute('aria-label'),
      Number(s.getAttribute('aria-valuenow')),
    ]),
    buttons: [...document.querySelectorAll('button[data-button]')].map((b) => [
      b.getAttribute('data-button'),
      b.textContent,
    ]),
    title: document.querySelector('.layout-title')?.textContent ?? null,
  }));

const VOTE = {
  title: 'Which way?',
  stick: null,
  buttons: [
    { name: 'left', label: 'Left' },
    { name: 'right', label: 'Right' },
  ],
};

describe.each(routes.both)('a layout sent to the phone, through $name', (route) => {
  it('swaps the controls at once, without a reload, keeping the user id', async () => {
    const { page, id } = await route.openPhone();
    await page.evaluate(() => Object.assign(window, { sameDocument: true }));
    expect(await shownControls(page)).toEqual({
      stick: 'fixed',
      sliders: [['slider', 0]],
      buttons: [],
      title: null,
    });
    route.sendLayout(id, VOTE);
    await page.locator('button[data-button="left"]').waitFor();
    expect(await shownControls(page)).toEqual({
      stick: 'none',
      sliders: [],
      buttons: [
        ['left', 'Left'],
        ['right', 'Right'],
      ],
      title: 'Which way?',
    });
    expect(await shownUserId(page)).toBe(id);
    expect(await page.evaluate(() => (window as { sameDocument?: boolean }).sameDocument)).toBe(
      true,
    );
    // The new controls play at once, as the same user.
    const fingers = await fingersOn(page);
    await fingers.down(await buttonCentre(page, 'right'));
    await fingers.up();
    const mine = await route.messagesOnceThey(id, (all) => buttonEvents(all).length === 2);
    expect(buttonEvents(mine)).toEqual(['right down', 'right up']);
    expect(mine.filter((m) => m.type === 'connect')).toHaveLength(1);
    await page.context().close();
  });

  it('refuses a layout it cannot use, saying which field and why, and keeps its controls', async () => {
    const { page, id } = await route.openPhone('buttons=fire');
    const before = await shownControls(page);
    route.sendLayout(id, { buttons: [{ name: 'fire' }, { name: 'no spaces' }] });
    const problem = page.locator('.layout-problem[role="alert"]');
    await problem.waitFor();
    expect(await problem.textContent()).toBe(
      'The installation sent controls this page cannot use, so it keeps these ' +
        '(buttons[1].name must be 1 to 32 letters, digits, "_" or "-", got "no spaces").',
    );
    expect(await shownControls(page)).toEqual(before);
    // A good layout after it clears the message.
    route.sendLayout(id, VOTE);
    await problem.waitFor({ state: 'detached' });
    await page.context().close();
  });

  it('lets go of a held stick and button, sending both releases, before it swaps', async () => {
    const { page, id } = await route.openPhone('buttons=fire');
    const { fingers, centre, radius, stickEnd, button } = await holdStickAndButton(page, 'fire', {
      x: 0,
      y: -0.7,
    });
    await route.messagesOnceThey(
      id,
      (mine) =>
        mine.some((m) => m.type === 'update' && m.y > 0.65) &&
        buttonEvents(mine).includes('fire down'),
    );

    route.sendLayout(id, { stick: { mode: 'floating' }, buttons: [{ name: 'fire' }] });
    const mine = await route.messagesOnceThey(
      id,
      (all) =>
        buttonEvents(all).includes('fire up') &&
        all.filter((m) => m.type === 'update').at(-1).speed === 0,
    );
    const countBefore = mine.length;
    await page.locator('[data-control="joystick"][data-mode="floating"]').waitFor();
    expect(await page.locator('button[data-pressed]').count()).toBe(0);

    // The fingers still down drive nothing until they are lifted.
    await fingers.move([stickEnd, button], [{ x: centre.x + radius * 0.5, y: centre.y }, button]);
    await fingers.up();
    // Past the throttle interval, when a move held back would go out; then a tap as the
    // marker, its press and release sent at once: nothing may stand before them.
    await pause(300);
    const tap = await fingersOn(page);
    await tap.down(await buttonCentre(page, 'fire'));
    await tap.up();
    const after = (
      await route.messagesOnceThey(id, (all) => buttonEvents(all.slice(countBefore)).length === 2)
    ).slice(countBefore);
    expect(after.filter((m: Received) => m.type !== 'slot').map((m: Received) => m.type)).toEqual([
      'button',
      'button',
    ]);
    expect(buttonEvents(after)).toEqual(['fire down', 'fire up']);
    await page.context().close();
  });

  it('starts a slider at its layout value, and keeps a moved one across a layout that still has it', async () => {
    const { page, id } = await route.openPhone('sliders=gain');
    route.sendLayout(id, {
      sliders: [
        { name: 'gain', value: 0.25 },
        { name: 'pan', value: 0.5 },
      ],
    });
    await page.getByRole('slider', { name: 'pan' }).waitFor();
    // Gain was never moved, so it starts where this layout says, as pan does.
    expect((await shownControls(page)).sliders).toEqual([
      ['gain', 0.25],
      ['pan', 0.5],
    ]);
    const pan = page.getByRole('slider', { name: 'pan' });
    await pan.focus();
    await page.keyboard.press('End');
    await route.messagesOnceThey(id, (mine) => mine.some((m) => m.type === 'slider'));
    route.sendLayout(id, { title: 'Again', sliders: [{ name: 'pan', value: 0 }] });
    await page.locator('.layout-title').waitFor();
    expect((await shownControls(page)).sliders).toEqual([['pan', 1]]);
    await page.context().close();
  });
});

describe('the layout a page starts with', () => {
  it('takes the stand-in relay’s /layout.json, with the knobs over it', async () => {
    routes.standIn.layoutAnswer = {
      status: 200,
      body: JSON.stringify({ title: 'Race', stick: { axis: 'x' }, buttons: [{ name: 'boost' }] }),
    };
    const [standIn] = routes.both;
    const { page } = await standIn!.openPhone('sliders=');
    await page.locator('button[data-button="boost"]').waitFor();
    expect(await shownControls(page)).toEqual({
      stick: 'fixed',
      sliders: [],
      buttons: [['boost', 'boost']],
      title: 'Race',
    });
    await page.context().close();
  });

  it.each([
    ['a 404, silently', { status: 404, body: 'Not found' }, null],
    [
      'JSON that is no layout, with a warning',
      { status: 200, body: '{"sliders":5}' },
      'sliders must be a list, got 5',
    ],
    [
      'text that is not JSON, with a warning',
      { status: 200, body: '<!doctype html>' },
      'is not JSON',
    ],
  ])('shows the default for %s', async (_name, answer, warning) => {
    routes.standIn.layoutAnswer = answer;
    const warnings: string[] = [];
    const context = await routes.browser.newContext({ isMobile: true, hasTouch: true });
    const page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'warning') warnings.push(message.text());
    });
    await page.goto(`${routes.relay.httpUrl}/?ws=${encodeURIComponent(routes.standIn.socketUrl)}`);
    await page.locator('[data-control="joystick"]').waitFor();
    expect(await shownControls(page)).toEqual({
      stick: 'fixed',
      sliders: [['slider', 0]],
      buttons: [],
      title: null,
    });
    const layoutWarnings = warnings.filter((w) => w.includes('layout.json'));
    if (warning === null) expect(layoutWarnings).toEqual([]);
    else expect(layoutWarnings).toEqual([expect.stringContaining(warning)]);
    await context.close();
  });

  it.each([
    [
      'stick=floating&buttons=a,b&sliders=x,y',
      {
        stick: 'floating',
        sliders: [
          ['x', 0],
          ['y', 0],
        ],
        buttons: [
          ['a', 'a'],
          ['b', 'b'],
        ],
      },
    ],
    ['stick=none&sliders=&buttons=yes', { stick: 'none', sliders: [], buttons: [['yes', 'yes']] }],
    ['stick=fixed', { stick: 'fixed', sliders: [['slider', 0]], buttons: [] }],
  ])('follows the knobs %s', async (query, expected) => {
    routes.standIn.layoutAnswer = { status: 404, body: '' };
    const { page } = await routes.both[0]!.openPhone(query);
    await page.locator('.controls:not([data-layout="0"])').waitFor();
    expect(await shownControls(page)).toEqual({ ...expected, title: null });
    await page.context().close();
  });
});

describe('a relay started with --layout FILE', () => {
  let relay: RelayProcess;
  beforeAll(async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'crowdstick-layout-')), 'wheel.json');
    writeFileSync(
      file,
      JSON.stringify({
        title: 'Steer',
        stick: { axis: 'x', deadzone: 0.1 },
        buttons: [{ name: 'gas' }],
      }),
    );
    relay = await startRelayProcess(['--layout', file]);
  });
  afterAll(() => relay?.stop());

  it('serves it at /layout.json, and the page shows it', async () => {
    const answer = await fetch(`${relay.httpUrl}/layout.json`);
    expect(answer.status).toBe(200);
    const page = await openPhonePage(routes.browser, relay.httpUrl);
    await page.locator('button[data-button="gas"]').waitFor();
    expect(await shownControls(page)).toEqual({
      stick: 'fixed',
      sliders: [],
      buttons: [['gas', 'gas']],
      title: 'Steer',
    });
    await page.context().close();
  });
});
