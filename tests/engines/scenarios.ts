import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Slotted, UpdateMessage } from '../../src/shared/protocol';
import { startRelayProcess, type RelayProcess } from '../helpers/relayProcess';
import { openClient, type Received, type TestClient } from '../helpers/wsClient';
import { expectValidUpdate, isFinalZero, messagesOf, wasReleased } from '../e2e/messages';
import { CONNECTED, type Engine, type EnginePage } from './engine';
import {
  knobPixel,
  notePointerDowns,
  pointerDowns,
  sliderPoint,
  sliderValue,
  stickOf,
  userIdOf,
} from './pageTools';

const RECONNECT_MS = 15_000;

const updatesOf = (received: Received[], id: number) =>
  messagesOf(received, id).filter((m): m is Slotted<UpdateMessage> => m.type === 'update');

const sendTo = (to: number, event: string, data: unknown) => ({ type: 'send', to, event, data });

/**
 * The page's browser scenarios, run in one engine: one browser and one relay
 * process for the file, a new tab (a new user) per scenario. Where the engine's automation
 * has no touch, the mouse does what a finger would; where it has one pointer,
 * the keyboard moves the second control.
 */
export function engineScenarios(name: Engine['name'], launch: () => Promise<Engine>): void {
  let engine: Engine;
  let relay: RelayProcess;
  const installations: TestClient[] = [];
  const pages: EnginePage[] = [];

  beforeAll(async () => {
    [relay, engine] = await Promise.all([startRelayProcess(), launch()]);
  });
  afterAll(async () => {
    await Promise.all(installations.map((installation) => installation.close()));
    for (const page of pages.splice(0)) await page.close().catch(() => undefined);
    await engine?.close();
    await relay?.stop();
  });

  async function installationOn(on: RelayProcess): Promise<TestClient> {
    const installation = await openClient(on.installationUrl);
    installations.push(installation);
    return installation;
  }

  /** Opens a tab on `query` and waits until the installation has its `connect`. */
  async function phone(query = '', on: RelayProcess = relay) {
    const installation = await installationOn(on);
    const page = await engine.open(`${on.httpUrl}/${query}`);
    pages.push(page);
    const id = await userIdOf(page);
    await installation.next((m) => m.type === 'connect' && m.sliderId === id);
    return { page, id, installation };
  }

  async function closeTab(page: EnginePage): Promise<void> {
    pages.splice(pages.indexOf(page), 1);
    await page.close();
  }

  describe(`the page in ${name}`, () => {
    it('sends updates with the right signs for a drag up and right, and a final zero on release', async () => {
      const { page, id, installation } = await phone();
      const numbered = 'main.app[data-slot]:not([data-slot=""])';
      await page.waitFor(numbered);
      const slot = Number(await page.attribute(numbered, 'data-slot'));
      const { centre, radius } = await stickOf(page);
      await notePointerDowns(page);
      await page.pointers.down(centre);
      await page.pointers.move([centre], [{ x: centre.x + radius / 2, y: centre.y - radius / 2 }]);
      // The throttle may still hold the last move; letting go now would replace it with the zero.
      await installation.waitUntil((all) =>
        updatesOf(all, id).some((m) => m.speed >= 69 && m.speed <= 72),
      );
      await page.pointers.up();
      await installation.waitUntil((all) => wasReleased(all, id));

      const updates = updatesOf(installation.received, id);
      updates.forEach(expectValidUpdate);
      const held = updates.filter((m) => m.speed > 0);
      expect(held.every((m) => m.x >= 0 && m.y >= 0)).toBe(true);
      const farthest = held.at(-1)!;
      expect(farthest.x).toBeCloseTo(0.5, 1);
      expect(farthest.y).toBeCloseTo(0.5, 1);
      expect(farthest.angle).toBeGreaterThanOrEqual(44);
      expect(farthest.angle).toBeLessThanOrEqual(46);
      // A finger where the engine can touch, else the mouse.
      expect((await pointerDowns(page)).map((down) => down.type)).toEqual([engine.input]);
      expect(updates.at(-1)).toEqual({
        type: 'update',
        sliderId: id,
        slot,
        x: 0,
        y: 0,
        speed: 0,
        angle: 0,
      });
      await closeTab(page);
    });

    it('sends a button’s press and release at once, beside the stick where two fingers can', async () => {
      const { page, id, installation } = await phone('?buttons=fire,jump');
      const fire = await page.box('[data-button="fire"]');
      const fireAt = { x: fire.x + fire.width / 2, y: fire.y + fire.height / 2 };
      const pressed = (all: unknown[]) =>
        messagesOf(all, id).some((m) => m.type === 'button' && m.pressed === true);
      if (engine.pointerCount >= 2) {
        const { centre, radius } = await stickOf(page);
        const stickEnd = { x: centre.x + radius * 0.8, y: centre.y };
        await page.pointers.down(centre, fireAt);
        await page.pointers.move([centre, fireAt], [stickEnd, fireAt]);
        await installation.waitUntil(pressed);
        // The stick reports while the button is held.
        await installation.waitUntil((all) => updatesOf(all, id).some((m) => m.x > 0.7));
      } else {
        await page.pointers.down(fireAt);
        await installation.waitUntil(pressed);
      }
      await page.pointers.up();
      await installation.waitUntil((all) =>
        messagesOf(all, id).some((m) => m.type === 'button' && m.pressed === false),
      );
      const buttons = messagesOf(installation.received, id).filter((m) => m.type === 'button');
      expect(buttons.map((m) => [m.name, m.pressed])).toEqual([
        ['fire', true],
        ['fire', false],
      ]);
      await closeTab(page);
    });

    it('moves the stick and a slider at once, with two fingers or else the mouse and a key', async () => {
      const { page, id, installation } = await phone('?sliders=zoom');
      const { centre, radius } = await stickOf(page);
      const from = await sliderPoint(page, 'zoom', 0.1);
      const to = await sliderPoint(page, 'zoom', 0.9);
      await notePointerDowns(page);
      if (engine.pointerCount >= 2) {
        const stickEnd = { x: centre.x, y: centre.y + radius * 0.8 };
        await page.pointers.down(centre, from);
        await page.pointers.move([centre, from], [stickEnd, to]);
      } else {
        // The mouse gives the slider the focus and the arrows, so the stick takes S.
        await page.keyDown('KeyS');
        await installation.waitUntil((all) => updatesOf(all, id).some((m) => m.y === -1));
        await page.pointers.down(from);
        await page.pointers.move([from], [to]);
      }
      // Both controls report while both are still held.
      await installation.waitUntil((all) => updatesOf(all, id).some((m) => m.y < -0.7));
      await installation.waitUntil((all) =>
        messagesOf(all, id).some((m) => m.type === 'slider' && m.value > 0.85),
      );
      await page.pointers.up();
      if (engine.pointerCount < 2) await page.keyUp('KeyS');
      await installation.waitUntil((all) => wasReleased(all, id));

      const mine = messagesOf(installation.received, id);
      // The slider went past 0.85 while the stick was held: after its first move, before its release.
      const firstHeld = mine.findIndex((m) => m.type === 'update' && m.speed > 0);
      const release = mine.findLastIndex((m) => m.type === 'update' && isFinalZero(m));
      expect(firstHeld).toBeGreaterThan(-1);
      const whileHeld = mine.slice(firstHeld, release);
      expect(whileHeld.some((m) => m.type === 'slider' && m.value > 0.85)).toBe(true);
      expect(whileHeld.some((m) => m.type === 'update' && isFinalZero(m))).toBe(false);
      for (const update of updatesOf(mine, id).filter((m) => m.speed > 0)) {
        expect(Math.abs(update.x)).toBeLessThan(0.02);
        expect(update.angle).toBeGreaterThanOrEqual(269);
        expect(update.angle).toBeLessThanOrEqual(271);
      }
      expect(await sliderValue(page, 'zoom')).toBeGreaterThan(0.85);
      const downs = await pointerDowns(page);
      expect(new Set(downs.map((down) => down.id)).size).toBe(Math.min(engine.pointerCount, 2));
      expect(downs.every((down) => down.type === engine.input)).toBe(true);
      await closeTab(page);
    });

    it('moves the stick with the arrow keys, and back to 0 once they are up', async () => {
      const { page, id, installation } = await phone();
      const stickIs = (x: number, y: number, speed: number, angle: number) =>
        installation.waitUntil((all) =>
          updatesOf(all, id).some(
            (m) => m.x === x && m.y === y && m.speed === speed && m.angle === angle,
          ),
        );
      await page.keyDown('ArrowRight');
      await stickIs(1, 0, 100, 0);
      await page.keyDown('ArrowUp');
      await stickIs(0.707, 0.707, 100, 45);
      await page.keyUp('ArrowUp');
      await page.keyUp('ArrowRight');
      await installation.waitUntil((all) => wasReleased(all, id));
      expect(isFinalZero(updatesOf(installation.received, id).at(-1)!)).toBe(true);
      await closeTab(page);
    });

    it("drags a slider, and the installation's last value is the one the page shows", async () => {
      const { page, id, installation } = await phone('?sliders=gain,zoom');
      const from = await sliderPoint(page, 'gain', 0.1);
      await page.pointers.down(from);
      await page.pointers.move([from], [await sliderPoint(page, 'gain', 0.7)]);
      await page.pointers.up();
      const shown = await sliderValue(page, 'gain');
      expect(shown).toBeGreaterThan(0.6);
      expect(shown).toBeLessThan(0.8);
      await installation.waitUntil(
        (all) => messagesOf(all, id).findLast((m) => m.type === 'slider')?.value === shown,
      );
      const values = messagesOf(installation.received, id).filter((m) => m.type === 'slider');
      expect(values.every((m) => m.name === 'gain')).toBe(true);
      await closeTab(page);
    });

    it("shows an installation's text as a banner and tints the knob with its colour", async () => {
      const { page, id, installation } = await phone();
      await expect.poll(() => knobPixel(page)).toEqual([0x3f, 0xb7, 0xff, 255]);
      installation.send(sendTo(id, 'text', 'Round two'));
      installation.send(sendTo(id, 'color', '#ff3366'));
      await page.waitFor('[role="note"]');
      expect(await page.text('[role="note"]')).toBe('Round two');
      await expect.poll(() => knobPixel(page)).toEqual([0xff, 0x33, 0x66, 255]);
      await closeTab(page);
    });

    it('says delete after the idle time, and connects again on the next touch', async () => {
      const { page, id, installation } = await phone('?idle=1');
      await installation.next((m) => m.type === 'delete' && m.sliderId === id);
      await page.waitFor('main.app[data-present="false"]');

      const { centre, radius } = await stickOf(page);
      await page.pointers.down(centre);
      await page.pointers.move([centre], [{ x: centre.x + radius / 2, y: centre.y }], 4);
      // A drag shorter than one throttle interval would send its release alone.
      await installation.waitUntil((all) => updatesOf(all, id).some((m) => m.speed > 0));
      await page.pointers.up();
      await installation.waitUntil((all) => wasReleased(all, id));
      await page.waitFor('main.app[data-present="true"]');
      const types = messagesOf(installation.received, id).map((m) => m.type);
      expect(types.slice(0, 3)).toEqual(['connect', 'delete', 'connect']);
      expect(types.slice(3).every((type) => type === 'update')).toBe(true);
      await closeTab(page);
    });

    it('reconnects with the same id when the relay is killed and started again on its port', async () => {
      const first = await startRelayProcess();
      let second: RelayProcess | undefined;
      try {
        const { page, id } = await phone('', first);
        process.kill(first.pid, 'SIGKILL');
        await first.exited;
        await page.waitFor('main.app[data-status="reconnecting"]', RECONNECT_MS);

        second = await startRelayProcess(['--port', String(first.port)]);
        const installation = await installationOn(second);
        await installation.next((m) => m.type === 'connect' && m.sliderId === id, RECONNECT_MS);
        await page.waitFor(CONNECTED, RECONNECT_MS);
        await page.waitFor('main.app[data-present="true"]');
        expect(await userIdOf(page)).toBe(id);
        await closeTab(page);
      } finally {
        await first.stop();
        await second?.stop();
      }
    }, 60_000);

    it('runs its service worker in a secure context, and is controlled by it after a reload', async () => {
      const { page } = await phone();
      expect(
        await page.evaluate(`
          const registration = await navigator.serviceWorker.ready;
          const worker = registration.active;
          if (worker.state !== 'activated') {
            await new Promise((resolve) => worker.addEventListener('statechange', resolve));
          }
          return [window.isSecureContext, worker.state];
        `),
      ).toEqual([true, 'activated']);
      await page.reload();
      expect(await page.evaluate('return navigator.serviceWorker.controller !== null')).toBe(true);
      await closeTab(page);
    });
  });
}
