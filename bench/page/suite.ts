import type { Page } from 'playwright-core';
import { WebSocket } from 'ws';
import { launchChromium } from '../../tests/helpers/browser.js';
import { spawnRelay } from '../relay/spawnRelay.js';
import { spread, type Spread } from '../stats.js';
import { dragInCircles, tapRepeatedly } from './dragScript.js';
import { instrumentPage } from './instrument.js';

/** What one drag in a throttled phone-sized Chromium showed. */
export interface PageFigures {
  cpuSlowdown: number;
  inputHz: number;
  /** The grab (pointerdown) to its update leaving the page. */
  firstSendMs: number;
  /** The same from when the page's listeners got the grab: the browser's own delay taken out. */
  firstSendAfterHandlingMs: number;
  /** Every later input to the next update leaving the page (the throttle's wait included). */
  inputToSendMs: Spread;
  /** An update leaving the page to its arrival at an installation, through the relay. */
  sendToInstallationMs: Spread;
  updatesPerSecondMoving: number;
  updatesWhileHeldStill: number;
  /** Commits while the page loaded: proof that the counting hook works at all. */
  reactCommitsAtLoad: number;
  reactCommitsDuringDrag: number;
  longestFrameMs: number;
  /** A button's press (pointerdown) to its `button` message leaving the page, over `presses` taps. */
  pressToSendMs: Spread;
  /** The same from when the page's listeners got the press: the browser's own delay taken out. */
  pressAfterHandlingMs: Spread;
  /** The same for the release (pointerup). */
  releaseToSendMs: Spread;
  presses: number;
}

interface Probe {
  inputs: Array<{ t: number; handled: number; type: string }>;
  sends: Array<{ t: number; data: string }>;
  commits: number;
  frames: number[];
}

const DRAG = { hz: 120, seconds: 2, holdSeconds: 1 };
/** How long the page must go without a React commit before the drag starts, and the most to wait. */
const SETTLE = { quietMs: 1000, timeoutMs: 10_000 };
const RATE = 30;
/** Taps on a button after the drag: each press and release is its own message, never throttled. */
const TAPS = { count: 30, holdMs: 60, gapMs: 60 };

/** The first time in `sorted` at or after `t`, or undefined. */
const firstAtOrAfter = (sorted: number[], t: number) => sorted.find((time) => time >= t);

const readCommits = (page: Page) =>
  page.evaluate(() => (window as unknown as { __probe: Probe }).__probe.commits);

/**
 * The commits so far, once none has come for a while: the page goes on
 * committing after "connected" (the lazy extras arrive, the install offer is
 * read), and a late one of those would otherwise be counted in the drag.
 */
async function commitsOnceQuiet(page: Page): Promise<number> {
  const deadline = Date.now() + SETTLE.timeoutMs;
  let commits = await readCommits(page);
  for (;;) {
    await page.waitForTimeout(SETTLE.quietMs);
    const now = await readCommits(page);
    if (now === commits || Date.now() > deadline) return now;
    commits = now;
  }
}

export async function measurePage(cpuSlowdown = 4): Promise<PageFigures> {
  const relay = await spawnRelay('crowdstick');
  const browser = await launchChromium();
  const arrivals: number[] = [];
  const installation = new WebSocket(`ws://127.0.0.1:${relay.port}/`);
  installation.on('message', (data) => {
    if (String(data).includes('"update"')) arrivals.push(Date.now());
  });
  try {
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 3,
      isMobile: true,
      hasTouch: true,
    });
    await context.addInitScript(instrumentPage);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: cpuSlowdown });
    // A button beside the stick, as a game layout has, for the press figures.
    await page.goto(`http://127.0.0.1:${relay.port}/?rate=${RATE}&buttons=fire`);
    await page.locator('[role="status"][data-status="connected"]').waitFor();
    const box = (await page.locator('[data-control="joystick"]').boundingBox())!;
    const centre = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
    const radius = Math.min(box.width, box.height) / 3;

    const commitsBefore = await commitsOnceQuiet(page);
    await page.evaluate(() => {
      (window as unknown as { __probe: Probe }).__probe.frames.length = 0;
    });
    await dragInCircles(cdp, centre, radius, DRAG);
    await page.waitForTimeout(300);
    const dragEnded = await page.evaluate(() => performance.now());
    const fire = (await page.locator('button[data-button="fire"]').boundingBox())!;
    await tapRepeatedly(cdp, { x: fire.x + fire.width / 2, y: fire.y + fire.height / 2 }, TAPS);
    await page.waitForTimeout(300);
    const { probe, timeOrigin } = await page.evaluate(() => ({
      probe: (window as unknown as { __probe: Probe }).__probe,
      timeOrigin: performance.timeOrigin,
    }));

    const updates = probe.sends.filter((send) => send.data.includes('"update"'));
    const sendTimes = updates.map((send) => send.t);
    const down = probe.inputs.find((input) => input.type === 'pointerdown')!;
    const moves = probe.inputs.filter((input) => input.type === 'pointermove');
    const lastMove = moves.at(-1)!.t;
    const up = probe.inputs.find((input) => input.type === 'pointerup')!;
    const tapInputs = probe.inputs.filter((input) => input.t > dragEnded);
    const buttonSends = (pressed: boolean) =>
      probe.sends
        .filter(
          (send) => send.data.includes('"button"') && send.data.includes(`"pressed":${pressed}`),
        )
        .map((send) => send.t);
    const toSend = (type: string, sends: number[], from: 't' | 'handled' = 't') =>
      spread(
        tapInputs
          .filter((input) => input.type === type)
          .map((input) => (firstAtOrAfter(sends, input.t) ?? NaN) - input[from])
          .filter(Number.isFinite),
      );
    const heldFrom = lastMove + 2 * (1000 / RATE);
    const movingUpdates = sendTimes.filter((t) => t >= down.t && t <= lastMove);

    return {
      cpuSlowdown,
      inputHz: DRAG.hz,
      firstSendMs: firstAtOrAfter(sendTimes, down.t)! - down.t,
      firstSendAfterHandlingMs: firstAtOrAfter(sendTimes, down.t)! - down.handled,
      inputToSendMs: spread(
        moves
          .map((move) => (firstAtOrAfter(sendTimes, move.t) ?? NaN) - move.t)
          .filter(Number.isFinite),
      ),
      // Updates leave one socket in order and arrive in order; pair them up by position.
      sendToInstallationMs: spread(
        updates.slice(0, arrivals.length).map((send, i) => arrivals[i]! - (timeOrigin + send.t)),
      ),
      updatesPerSecondMoving: movingUpdates.length / ((lastMove - down.t) / 1000),
      updatesWhileHeldStill: sendTimes.filter((t) => t > heldFrom && t < up.t).length,
      reactCommitsAtLoad: commitsBefore,
      reactCommitsDuringDrag: probe.commits - commitsBefore,
      longestFrameMs: Math.max(...probe.frames),
      pressToSendMs: toSend('pointerdown', buttonSends(true)),
      pressAfterHandlingMs: toSend('pointerdown', buttonSends(true), 'handled'),
      releaseToSendMs: toSend('pointerup', buttonSends(false)),
      presses: tapInputs.filter((input) => input.type === 'pointerdown').length,
    };
  } finally {
    installation.terminate();
    await browser.close();
    await relay.stop();
  }
}
