import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { KICKED_CLOSE_CODE } from '../../src/shared/protocol';
import { launchChromium } from '../helpers/browser';
import { lanAddress } from '../helpers/lanAddress';
import { startRelayProcess, type RelayProcess } from '../helpers/relayProcess';
import { openClient, type TestClient } from '../helpers/wsClient';
import { relayAndChromium } from './setup';

const world = relayAndChromium();

/** Where the screenshots at each width are left to look at. */
const SHOTS = process.env.MONITOR_SHOTS ?? 'test-results';

async function openMonitor(browser: Browser, url: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(url);
  return page;
}

/** The counts come from /healthz, read every second, and are shown every half second. */
const SLOW = { timeout: 5000 };

const connected = (page: Page) =>
  page.locator('[role="status"][data-status="connected"]').waitFor();

/** A phone that said `connect`, once the relay has told it its slot. */
async function phone(id: number, slot?: number): Promise<TestClient> {
  const client = await openClient(world.relay.phoneSocketUrl);
  client.send({ type: 'connect', sliderId: id });
  const told = await client.next((m) => m.event === 'slot');
  if (slot !== undefined) expect(told).toEqual({ event: 'slot', data: slot });
  return client;
}

/** Each row of the phones table as its cells' texts, top to bottom. */
const allCells = (page: Page) =>
  page
    .locator('.users tbody tr')
    .evaluateAll((rows) =>
      rows.map((row) => Array.from((row as HTMLTableRowElement).cells, (cell) => cell.textContent)),
    );

/** The player, stick, sliders and id cells of each row: what the phone sent, without the relay's timings. */
const tableRows = async (page: Page) =>
  (await allCells(page)).map((cells) => [...cells.slice(0, 6), cells.at(-1)]);

/** Where a dot's centre sits in the field, as fractions of the field's width and height. */
async function dotPosition(page: Page, id: number): Promise<{ x: number; y: number }> {
  const field = (await page.locator('.field').boundingBox())!;
  const dot = (await page.locator(`.dot[data-user="${id}"]`).boundingBox())!;
  return {
    x: (dot.x + dot.width / 2 - field.x) / field.width,
    y: (dot.y + dot.height / 2 - field.y) / field.height,
  };
}

async function expectDotAt(page: Page, id: number, x: number, y: number): Promise<void> {
  await expect
    .poll(() => dotPosition(page, id), SLOW)
    .toEqual({ x: expect.closeTo(x, 2), y: expect.closeTo(y, 2) });
}

describe('the monitor page at /monitor', () => {
  it('is served as its own page, not swallowed by the app fallback', async () => {
    for (const path of ['/monitor', '/monitor?token=abc']) {
      const response = await fetch(`${world.relay.httpUrl}${path}`);
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('<title>Crowdstick monitor</title>');
    }
    const elsewhere = await (await fetch(`${world.relay.httpUrl}/somewhere`)).text();
    expect(elsewhere).not.toContain('Crowdstick monitor');
  });

  it('shows each live user as a dot at their joystick position, with sliders, counts and rate', async () => {
    const monitor = await openMonitor(world.browser, `${world.relay.httpUrl}/monitor`);
    await connected(monitor);
    const a = await phone(5001, 1);
    a.send({ type: 'update', sliderId: 5001, x: 0.5, y: 0.5, speed: 71, angle: 45 });
    a.send({ type: 'slider', sliderId: 5001, name: 'gain', value: 0.25 });
    await expectDotAt(monitor, 5001, 0.75, 0.25);
    // By slot, as the phone says "player 1"; the id last, as a detail.
    await expect
      .poll(() => tableRows(monitor))
      .toEqual([['1', '0.5', '0.5', '71', '45', 'gain 0.25', '5001']]);
    expect(await monitor.locator('.dot[data-user="5001"]').textContent()).toBe('1');
    expect(await monitor.locator('.dot[data-user="5001"]').getAttribute('aria-label')).toBe(
      'Player 1',
    );

    // Up is up: y = -1 is the bottom edge.
    a.send({ type: 'update', sliderId: 5001, x: -1, y: -1, speed: 100, angle: 225 });
    await expectDotAt(monitor, 5001, 0, 1);

    await expect.poll(() => monitor.locator('[data-count="phones"]').textContent(), SLOW).toBe('1');
    // The monitor itself is counted apart, not as an installation.
    await expect
      .poll(() => monitor.locator('[data-count="installations"]').textContent(), SLOW)
      .toBe('0');
    const installation = await openClient(world.relay.installationUrl);
    await expect
      .poll(() => monitor.locator('[data-count="installations"]').textContent(), SLOW)
      .toBe('1');
    await installation.close();
    await expect.poll(() => monitor.locator('[data-count="users"]').textContent()).toBe('1');
    const moving = setInterval(() => {
      a.send({ type: 'update', sliderId: 5001, x: 0, y: 0.1, speed: 10, angle: 90 });
    }, 50);
    try {
      await expect
        .poll(async () => Number(await monitor.locator('[data-count="rate"]').textContent()), SLOW)
        .toBeGreaterThanOrEqual(10);
    } finally {
      clearInterval(moving);
    }

    a.send({ type: 'delete', sliderId: 5001 });
    await monitor.locator('.dot[data-user="5001"]').waitFor({ state: 'detached' });
    await a.close();
    // Both gone at the relay too, so the next test's phones start from slot 1.
    await expect.poll(() => monitor.locator('[data-count="users"]').textContent()).toBe('0');
    await monitor.context().close();
  });

  it('shows which buttons each player holds, and drops one let go', async () => {
    const monitor = await openMonitor(world.browser, `${world.relay.httpUrl}/monitor`);
    await connected(monitor);
    const a = await phone(5101, 1);
    const buttonsCell = async () => (await allCells(monitor))[0]?.[6];
    a.send({ type: 'button', sliderId: 5101, name: 'fire', pressed: true });
    a.send({ type: 'button', sliderId: 5101, name: 'jump', pressed: true });
    await expect.poll(buttonsCell).toBe('fire, jump');
    a.send({ type: 'button', sliderId: 5101, name: 'fire', pressed: false });
    await expect.poll(buttonsCell).toBe('jump');
    a.send({ type: 'delete', sliderId: 5101 });
    await monitor.locator('.dot[data-user="5101"]').waitFor({ state: 'detached' });
    await a.close();
    await expect.poll(() => monitor.locator('[data-count="users"]').textContent()).toBe('0');
    await monitor.context().close();
  });

  it('sends a colour and a text to the user clicked, and the phone receives them', async () => {
    const monitor = await openMonitor(world.browser, `${world.relay.httpUrl}/monitor`);
    await connected(monitor);
    const [a, b] = [await phone(6001, 1), await phone(6002, 2)];
    b.send({ type: 'update', sliderId: 6002, x: -0.5, y: 0, speed: 50, angle: 180 });
    await expectDotAt(monitor, 6002, 0.25, 0.5);

    await monitor.getByRole('button', { name: 'Player 2' }).click();
    await expect.poll(() => monitor.locator('.selected h2').textContent()).toBe('Player 2');
    expect(await monitor.locator('.selected .detail').textContent()).toBe('id 6002');
    await monitor.getByLabel('Colour').fill('#33cc99');
    await monitor.getByRole('button', { name: 'Send colour' }).click();
    expect(await b.next()).toEqual({ event: 'color', data: '#33cc99' });
    expect(await monitor.locator('.selected .sent').textContent()).toBe('Sent color to player 2');
    await expect
      .poll(() => monitor.locator('.dot[data-user="6002"]').evaluate((dot) => dot.style.background))
      .toBe('rgb(51, 204, 153)');

    await monitor.getByLabel('Text', { exact: true }).fill('You are the green one');
    await monitor.getByRole('button', { name: 'Send text' }).click();
    expect(await b.next()).toEqual({ event: 'text', data: 'You are the green one' });
    await monitor.getByLabel('Text', { exact: true }).fill('Enter sends too');
    await monitor.getByLabel('Text', { exact: true }).press('Enter');
    expect(await b.next()).toEqual({ event: 'text', data: 'Enter sends too' });
    await monitor.getByRole('button', { name: 'Vibrate' }).click();
    expect(await b.next()).toEqual({ event: 'vibrate', data: 200 });
    expect(a.received).toEqual([{ event: 'slot', data: 1 }]);

    // Player 2 leaves: the panel says so, and no one else takes the sends meant for them.
    await b.close();
    await expect.poll(() => monitor.locator('.selected h2').textContent()).toBe('Player 2 (left)');
    await a.close();
    // Both gone at the relay too, so the next test's phones start from slot 1.
    await expect.poll(() => monitor.locator('[data-count="users"]').textContent()).toBe('0');
    await monitor.context().close();
  });

  it('lists the users by slot, and a newcomer who takes a freed slot goes in its place', async () => {
    const monitor = await openMonitor(world.browser, `${world.relay.httpUrl}/monitor`);
    await connected(monitor);
    const first = await phone(8001, 1);
    const middle = await phone(8002, 2);
    const last = await phone(8003, 3);
    const playerAndId = async () =>
      (await tableRows(monitor)).map((cells) => [cells[0], cells.at(-1)]);
    await expect.poll(playerAndId).toEqual([
      ['1', '8001'],
      ['2', '8002'],
      ['3', '8003'],
    ]);

    await middle.close();
    await expect.poll(playerAndId).toEqual([
      ['1', '8001'],
      ['3', '8003'],
    ]);
    const newcomer = await phone(8004, 2);
    await expect.poll(playerAndId).toEqual([
      ['1', '8001'],
      ['2', '8004'],
      ['3', '8003'],
    ]);
    const dots = await monitor
      .locator('.dot')
      .evaluateAll((all) => all.map((dot) => dot.getAttribute('aria-label')).sort());
    expect(dots).toEqual(['Player 1', 'Player 2', 'Player 3']);
    first.send({ type: 'update', sliderId: 8001, x: -0.5, y: 0.3, speed: 58, angle: 149 });
    newcomer.send({ type: 'update', sliderId: 8004, x: 0.2, y: -0.6, speed: 63, angle: 288 });
    last.send({ type: 'update', sliderId: 8003, x: 0.6, y: 0.4, speed: 72, angle: 34 });
    await expectDotAt(monitor, 8003, 0.8, 0.3);
    await monitor.locator('.dot[data-user="8001"]').click();
    await monitor.screenshot({ path: 'test-results/monitor-slots.png' });
    await Promise.all([first.close(), last.close(), newcomer.close()]);
    await monitor.context().close();
  });

  it('rebuilds its dots from the roster replay after the page reloads', async () => {
    const a = await phone(7001);
    a.send({ type: 'update', sliderId: 7001, x: 1, y: 0, speed: 100, angle: 0 });
    const monitor = await openMonitor(world.browser, `${world.relay.httpUrl}/monitor`);
    await expectDotAt(monitor, 7001, 1, 0.5);
    await monitor.reload();
    await expectDotAt(monitor, 7001, 1, 0.5);
    await a.close();
    await monitor.locator('.dot[data-user="7001"]').waitFor({ state: 'detached' });
    await monitor.context().close();
  });
});

describe.skipIf(lanAddress === undefined)('the monitor opened from another machine', () => {
  let relay: RelayProcess | undefined;
  let browser: Browser | undefined;
  afterAll(async () => {
    await browser?.close();
    await relay?.stop();
  });

  it('cannot connect without ?token=, says how, and connects with it', async () => {
    [relay, browser] = await Promise.all([
      startRelayProcess(['--host', '0.0.0.0', '--token', 'm0nitor']),
      launchChromium(),
    ]);
    const base = `http://${lanAddress}:${relay.port}/monitor`;
    const refused = await openMonitor(browser, base);
    await refused.locator('[role="status"][data-status="unreachable"]').waitFor();
    expect(await refused.getByRole('status').textContent()).toContain('/monitor?token=');

    const allowed = await openMonitor(browser, `${base}?token=m0nitor`);
    await connected(allowed);
  });
});

describe('the monitor and every phone', () => {
  it('says how phones join while none is there, and hides the hint once one is', async () => {
    const monitor = await openMonitor(world.browser, `${world.relay.httpUrl}/monitor`);
    await connected(monitor);
    const hint = monitor.locator('.field .empty');
    await hint.waitFor();
    expect(await hint.textContent()).toContain('QR code page');
    expect(await hint.locator('a').getAttribute('href')).toBe('/qr');
    const a = await phone(9501);
    await hint.waitFor({ state: 'hidden' });
    await a.close();
    await hint.waitFor();
    await monitor.context().close();
  });

  it("shows each phone's round trip, messages a second and last seen, and keeps an away phone's row", async () => {
    const monitor = await openMonitor(world.browser, `${world.relay.httpUrl}/monitor`);
    await connected(monitor);
    const a = await phone(9601, 1);
    const moving = setInterval(
      () => a.send({ type: 'update', sliderId: 9601, x: 0.2, y: 0.2, speed: 28, angle: 45 }),
      25,
    );
    try {
      await expect
        .poll(async () => {
          const [cells] = await allCells(monitor);
          return cells && [cells[7], Number(cells[8]), cells[9]];
        }, SLOW)
        .toEqual([
          expect.stringMatching(/^\d+ ms$/),
          expect.toSatisfy((perSecond: number) => perSecond >= 10),
          expect.stringMatching(/^\d+\.\d s ago$/),
        ]);
    } finally {
      clearInterval(moving);
    }
    a.send({ type: 'delete', sliderId: 9601 });
    await expect.poll(async () => (await allCells(monitor))[0]?.[0], SLOW).toBe('away');
    expect(await monitor.locator('.dot').count()).toBe(0);
    await a.close();
    await expect.poll(async () => (await allCells(monitor)).length, SLOW).toBe(0);
    await monitor.context().close();
  });

  it('sends a text to every phone at once', async () => {
    const monitor = await openMonitor(world.browser, `${world.relay.httpUrl}/monitor`);
    await connected(monitor);
    const [a, b] = [await phone(9701), await phone(9702)];
    await monitor.getByLabel('Text to every phone').fill('Round two starts now');
    await monitor.getByRole('button', { name: 'Send to all' }).click();
    for (const client of [a, b]) {
      expect(await client.next()).toEqual({ event: 'text', data: 'Round two starts now' });
    }
    expect(await monitor.locator('.sent-all').textContent()).toBe('Sent to every phone');
    await Promise.all([a.close(), b.close()]);
    await monitor.context().close();
  });

  it('removes the phone picked, which the relay closes with 4001 and turns back', async () => {
    const monitor = await openMonitor(world.browser, `${world.relay.httpUrl}/monitor`);
    await connected(monitor);
    const [stays, goes] = [await phone(9801, 1), await phone(9802, 2)];
    await monitor.getByRole('button', { name: 'Player 2' }).click();
    await monitor.getByRole('button', { name: 'Remove this phone' }).click();
    expect(await goes.closed).toEqual({
      code: KICKED_CLOSE_CODE,
      reason: 'removed by the operator; back in 60 s',
    });
    expect(await monitor.locator('.selected .sent').textContent()).toBe('Removed player 2');
    await monitor.locator('.dot[data-user="9802"]').waitFor({ state: 'detached' });
    await expect.poll(() => monitor.locator('.selected h2').textContent()).toBe('Player 2 (left)');
    const back = await openClient(world.relay.phoneSocketUrl);
    back.send({ type: 'connect', sliderId: 9802 });
    expect((await back.closed).code).toBe(KICKED_CLOSE_CODE);
    expect(stays.socket.readyState).toBe(stays.socket.OPEN);
    await stays.close();
    await expect.poll(() => monitor.locator('[data-count="users"]').textContent()).toBe('0');
    await monitor.context().close();
  });

  it.each([
    { width: 320, height: 640 },
    { width: 1280, height: 800 },
    { width: 3840, height: 2160 },
  ])(
    'at $width x $height spreads phones at rest so that no dot hides another, inside the field',
    async ({ width, height }) => {
      const context = await world.browser.newContext({ viewport: { width, height } });
      const monitor = await context.newPage();
      await monitor.goto(`${world.relay.httpUrl}/monitor`);
      await connected(monitor);
      const resting = [];
      for (let i = 0; i < 12; i += 1) resting.push(await phone(10_000 + i));
      const moving = await phone(10_100);
      moving.send({ type: 'update', sliderId: 10_100, x: 0.6, y: 0.5, speed: 78, angle: 40 });
      moving.send({ type: 'slider', sliderId: 10_100, name: 'zoom', value: 0.4 });
      await expectDotAt(monitor, 10_100, 0.8, 0.25);
      await expect.poll(() => monitor.locator('.dot').count()).toBe(13);
      await expect.poll(async () => (await allCells(monitor)).length).toBe(13);
      await monitor.locator('.dot[data-user="10100"]').click();

      const field = (await monitor.locator('.field').boundingBox())!;
      // Never collapsed: most of a phone's width, and big on a big screen.
      expect(field.width).toBeGreaterThan(Math.min(width, height) * 0.5);
      expect(field.height).toBeCloseTo(field.width, 0);
      const boxes = await monitor
        .locator('.dot')
        .evaluateAll((dots) => dots.map((dot) => dot.getBoundingClientRect().toJSON()));
      for (const [i, box] of boxes.entries()) {
        expect(box.left).toBeGreaterThanOrEqual(field.x);
        expect(box.right).toBeLessThanOrEqual(field.x + field.width);
        // Dots are round: apart when their centres are at least a dot's width from each other.
        for (const other of boxes.slice(i + 1)) {
          const between = Math.hypot(
            box.x + box.width / 2 - (other.x + other.width / 2),
            box.y + box.height / 2 - (other.y + other.height / 2),
          );
          expect(
            between,
            `dots ${JSON.stringify(box)} and ${JSON.stringify(other)}`,
          ).toBeGreaterThanOrEqual((box.width + other.width) / 2 - 0.5);
        }
      }
      // The page itself never scrolls sideways; a narrow screen scrolls the table alone.
      expect(
        await monitor.evaluate(() => document.documentElement.scrollWidth),
      ).toBeLessThanOrEqual(width);
      // Once the relay's report is in, so the picture shows every column filled.
      await expect
        .poll(async () => (await allCells(monitor)).at(-1)?.[7], SLOW)
        .toMatch(/^\d+ ms$/);
      mkdirSync(SHOTS, { recursive: true });
      await monitor.screenshot({ path: `${SHOTS}/monitor-${width}.png`, fullPage: true });
      await Promise.all([...resting, moving].map((client) => client.close()));
      await expect.poll(() => monitor.locator('[data-count="users"]').textContent()).toBe('0');
      await context.close();
    },
  );
});

describe('the monitor of a relay started with --no-app and --public-url', () => {
  let relay: RelayProcess | undefined;
  afterAll(() => relay?.stop());

  it('is served by the relay itself, connects, and shows where phones join', async () => {
    relay = await startRelayProcess(['--no-app', '--public-url', 'https://play.example.org/']);
    const monitor = await openMonitor(world.browser, `${relay.httpUrl}/monitor`);
    await connected(monitor);
    await expect
      .poll(() => monitor.locator('.phone-url').textContent(), SLOW)
      .toBe('https://play.example.org/');
    expect(await monitor.locator('.phone-url').getAttribute('href')).toBe(
      'https://play.example.org/',
    );
    await monitor.context().close();
  });
});
