import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchChromium } from '../helpers/browser';
import { startRelayProcess, type RelayProcess } from '../helpers/relayProcess';

/** A relay process and a Chromium, shared by one test file. */
export interface World {
  relay: RelayProcess;
  browser: Browser;
}

/** Starts a real relay and Chromium before the file's tests, and stops both after them. */
export function relayAndChromium(): World {
  const world = {} as World;
  beforeAll(async () => {
    [world.relay, world.browser] = await Promise.all([startRelayProcess(), launchChromium()]);
  });
  afterAll(async () => {
    await world.browser?.close();
    await world.relay?.stop();
  });
  return world;
}
