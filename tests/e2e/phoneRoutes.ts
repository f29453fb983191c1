import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import {
  fingersOn,
  launchChromium,
  openPhonePage,
  shownUserId,
  stickGeometry,
  type Point,
} from '../helpers/browser';
import { startRelayProcess, type RelayProcess } from '../helpers/relayProcess';
import { openClient, type Received, type TestClient } from '../helpers/wsClient';
import { startStandInRelay, type StandInRelay } from './standInRelay';

/**
 * Where a test reads what a phone sent: at an installation of the real relay
 * (each message with the user's slot), or straight from the phone at a
 * stand-in relay. The same test runs both ways: the stand-in checks the page
 * alone; the real relay checks the whole way to an installation.
 */
export interface PhoneRoute {
  name: string;
  /** Opens a phone page with these knobs (`buttons=fire&rate=1`), connected, and its user id. */
  openPhone(query?: string): Promise<{ page: Page; id: number }>;
  /** Resolves with the messages about user `id` once `check` holds for them. */
  messagesOnceThey(id: number, check: (messages: Received[]) => boolean): Promise<Received[]>;
  /** The messages about user `id` so far. */
  messagesOf(id: number): Received[];
  /** Has the installation send the phone a `layout` event. */
  sendLayout(id: number, layout: unknown): void;
}

export interface Routes {
  browser: Browser;
  relay: RelayProcess;
  standIn: StandInRelay;
  both: PhoneRoute[];
}

/** Starts Chromium, a real relay with an installation on it, and a stand-in, for one test file. */
export function phoneRoutes(relayArgs: string[] = []): Routes {
  const routes = {} as Routes;
  let installation: TestClient;
  const about = (all: readonly Received[], id: number) =>
    all.filter((m) => typeof m === 'object' && m !== null && m.sliderId === id);
  const open = async (url: string) => {
    const page = await openPhonePage(routes.browser, url);
    return { page, id: await shownUserId(page) };
  };
  const waitAbout = async (
    wait: (check: (all: Received[]) => boolean) => Promise<void>,
    all: () => Received[],
    id: number,
    check: (messages: Received[]) => boolean,
  ) => {
    await wait((received) => check(about(received, id)));
    return about(all(), id);
  };

  const real: PhoneRoute = {
    name: 'the relay',
    openPhone: (query = '') => open(`${routes.relay.httpUrl}/?${query}`),
    messagesOnceThey: (id, check) =>
      waitAbout(
        (c) => installation.waitUntil(c),
        () => installation.received,
        id,
        check,
      ),
    messagesOf: (id) => about(installation.received, id),
    sendLayout: (id, layout) =>
      installation.send({ type: 'send', to: id, event: 'layout', data: layout }),
  };
  const standIn: PhoneRoute = {
    name: 'a stand-in relay',
    openPhone: (query = '') =>
      open(`${routes.relay.httpUrl}/?ws=${encodeURIComponent(routes.standIn.socketUrl)}&${query}`),
    messagesOnceThey: (id, check) =>
      waitAbout(
        (c) => routes.standIn.waitUntil(c),
        () => routes.standIn.frames,
        id,
        check,
      ),
    messagesOf: (id) => about(routes.standIn.frames, id),
    sendLayout: (_id, layout) => routes.standIn.sendEvent('layout', layout),
  };
  routes.both = [standIn, real];

  beforeAll(async () => {
    [routes.browser, routes.relay, routes.standIn] = await Promise.all([
      launchChromium(),
      startRelayProcess(relayArgs),
      startStandInRelay(),
    ]);
    installation = await openClient(routes.relay.installationUrl);
  });
  afterAll(async () => {
    await installation?.close();
    await routes.browser?.close();
    await routes.standIn?.close();
    await routes.relay?.stop();
  });
  return routes;
}

/** The messages of one kind, with only the fields that say what happened. */
export const buttonEvents = (messages: Received[]) =>
  messages.filter((m) => m.type === 'button').map((m) => `${m.name} ${m.pressed ? 'down' : 'up'}`);

/** The centre of a layout's button on the page. */
export async function buttonCentre(page: Page, name: string) {
  const box = (await page.locator(`button[data-button="${name}"]`).boundingBox())!;
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/**
 * Two fingers down at once: one holds the named button, the other drags the
 * stick from its centre by `by` (in radii, +y down the screen). Both stay down.
 */
export async function holdStickAndButton(page: Page, button: string, by: Point) {
  const { centre, radius } = await stickGeometry(page);
  const held = await buttonCentre(page, button);
  const stickEnd = { x: centre.x + radius * by.x, y: centre.y + radius * by.y };
  const fingers = await fingersOn(page);
  await fingers.down(centre, held);
  await fingers.move([centre, held], [stickEnd, held]);
  return { fingers, centre, radius, stickEnd, button: held };
}
