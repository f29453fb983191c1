import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SliderMessage, Slotted } from '../../src/shared/protocol';
import {
  fingersOn,
  launchChromium,
  openPhonePage,
  shownUserId,
  sliderTrack,
} from '../helpers/browser';
import { startRelayProcess, type RelayProcess } from '../helpers/relayProcess';
import { openClient, type Received, type TestClient } from '../helpers/wsClient';
import { messagesOf } from './messages';

let browser: Browser;
const relays: RelayProcess[] = [];
const installations: TestClient[] = [];

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

afterEach(async () => {
  await Promise.all(installations.splice(0).map((installation) => installation.close()));
  await Promise.all(relays.splice(0).map((relay) => relay.stop()));
});

async function relayWith(args: string[] = []): Promise<RelayProcess> {
  const relay = await startRelayProcess(args);
  relays.push(relay);
  return relay;
}

/** Records every text the status line shows, in order, from the page's first render on. */
async function recordStatusTexts(page: Page): Promise<void> {
  await page.evaluate(() => {
    const seen: string[] = [];
    Object.defineProperty(window, 'statusTexts', { value: seen });
    const line = document.querySelector('.status-text')!;
    const note = () => {
      const text = line.textContent ?? '';
      if (seen.at(-1) !== text) seen.push(text);
    };
    note();
    new MutationObserver(note).observe(line, {
      characterData: true,
      childList: true,
      subtree: true,
    });
  });
}

async function installationOn(relay: RelayProcess): Promise<TestClient> {
  const installation = await openClient(relay.installationUrl);
  installations.push(installation);
  return installation;
}

/** Drags the named slider with one finger from 10 % to `to` of its track, lets go, and returns the value it shows. */
async function dragSlider(page: Page, name: string, to: number): Promise<number> {
  const slider = page.getByRole('slider', { name });
  const at = await sliderTrack(page, name);
  const fingers = await fingersOn(page);
  await fingers.down(at(0.1));
  await fingers.move([at(0.1)], [at(to)]);
  await fingers.up();
  return Number(await slider.getAttribute('aria-valuenow'));
}

const sliderOf = (received: Received[], id: number, name: string) =>
  messagesOf(received, id).findLast(
    (m): m is Slotted<SliderMessage> => m.type === 'slider' && m.name === name,
  );

const statusTexts = (page: Page) =>
  page.evaluate(() => (window as unknown as { statusTexts: string[] }).statusTexts);

describe('the phone page when the relay goes away', () => {
  it('shows reconnecting, then connected once the relay is back, with the same user id', async () => {
    const first = await relayWith();
    const page = await openPhonePage(browser, first.httpUrl);
    const id = await shownUserId(page);
    await recordStatusTexts(page);

    await first.stop();
    await page.locator('[role="status"][data-status="reconnecting"]').waitFor();

    const second = await relayWith(['--port', String(first.port)]);
    const installation = await openClient(second.installationUrl);
    await installation.next((m) => m.type === 'connect' && m.sliderId === id, 2000);
    await page.locator('[role="status"][data-status="connected"]').waitFor();
    expect(await shownUserId(page)).toBe(id);
    expect(await statusTexts(page)).toEqual(['playing', 'reconnecting…', 'playing']);

    await installation.close();
    await page.context().close();
  });

  it.each([
    ['pageshow', () => window.dispatchEvent(new PageTransitionEvent('pageshow'))],
    // Headless pages are always visible: the event is what the page listens for.
    ['visibilitychange', () => document.dispatchEvent(new Event('visibilitychange'))],
  ])('says the installation is full, and tries again at once on %s', async (_event, showPage) => {
    const relay = await relayWith(['--max-phones', '1']);
    const installation = await openClient(relay.installationUrl);
    const inside = await openPhonePage(browser, relay.httpUrl);

    const context = await browser.newContext({ isMobile: true, hasTouch: true });
    const waiting = await context.newPage();
    await waiting.goto(relay.httpUrl);
    const status = waiting.locator('[role="status"] .status-text');
    await expect.poll(() => status.textContent()).toBe('full, waiting');
    await waiting.locator('main.app[data-status="full"]').waitFor();
    const id = await shownUserId(waiting);

    await inside.context().close();
    await installation.next((m) => m.type === 'delete');
    // That delete was the closing page's own, said before its socket closed:
    // the place is free once the relay counts that socket gone (or, rarely,
    // once the waiting page's own patient retry has taken it).
    const placeFree = async () =>
      (await relay.health()).controllers === 0 || (await status.textContent()) === 'playing';
    await expect.poll(placeFree, { timeout: 5000 }).toBe(true);
    // A full relay is asked again only after 3 s or more, unless the page comes back to the front.
    await waiting.evaluate(showPage);
    await installation.next((m) => m.type === 'connect' && m.sliderId === id, 2500);
    await waiting.locator('[role="status"][data-status="connected"]').waitFor();
    expect(await status.textContent()).toBe('playing');

    await installation.close();
    await context.close();
  });
});

describe('the phone page when the relay is killed and restarted', () => {
  it('sends the value of every slider it has moved, so a new installation sees it in the roster replay', async () => {
    const first = await relayWith();
    const before = await installationOn(first);
    const page = await openPhonePage(browser, `${first.httpUrl}/?sliders=gain,zoom`);
    const id = await shownUserId(page);
    const value = await dragSlider(page, 'gain', 0.7);
    expect(value).toBeGreaterThan(0.5);
    // Let go before the crash, so nothing is held when the phone reconnects.
    await before.waitUntil((received) => sliderOf(received, id, 'gain')?.value === value);

    process.kill(first.pid, 'SIGKILL');
    await first.exited;
    await page.locator('[role="status"][data-status="reconnecting"]').waitFor();

    const second = await relayWith(['--port', String(first.port)]);
    // Once one installation has seen the value, the new relay's roster holds it.
    const watcher = await installationOn(second);
    await watcher.waitUntil((received) => sliderOf(received, id, 'gain')?.value === value);
    await page.locator('[role="status"][data-status="connected"]').waitFor();

    const late = await installationOn(second);
    await late.waitUntil((received) => sliderOf(received, id, 'gain') !== undefined);
    expect(messagesOf(late.received, id)).toEqual([
      expect.objectContaining({ type: 'connect', sliderId: id }),
      expect.objectContaining({ type: 'slider', sliderId: id, name: 'gain', value }),
    ]);
    // The page was not touched after the crash, and the slider never moved is not made up.
    expect(
      Number(await page.getByRole('slider', { name: 'gain' }).getAttribute('aria-valuenow')),
    ).toBe(value);
    expect(sliderOf(watcher.received, id, 'zoom')).toBeUndefined();

    await page.context().close();
  });
});
