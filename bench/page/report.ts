import { INITIAL_JS_BUDGET_BYTES, type InitialBundle } from '../bundleSize.js';
import { table } from '../markdown.js';
import { fmt } from '../stats.js';
import type { PageFigures } from './suite.js';

/** The page's figures, one row each, with the goal beside them. */
export function pageTable(page: PageFigures, rate: number): string {
  const ms = (spread: { p50: number; p99: number; max: number }) =>
    `p50 ${fmt(spread.p50)} / p99 ${fmt(spread.p99)} / max ${fmt(spread.max)}`;
  return table(
    ['figure', 'measured', 'goal'],
    [
      [
        'grab → first update leaves the page (ms)',
        `${fmt(page.firstSendMs)} (${fmt(page.firstSendAfterHandlingMs)} once the page ran the event)`,
        'one frame or so',
      ],
      [
        'later input → next update leaves the page (ms)',
        ms(page.inputToSendMs),
        `≤ 1000/rate = ${fmt(1000 / rate)}`,
      ],
      ['update leaves the page → at the installation (ms)', ms(page.sendToInstallationMs), '≤ 10'],
      [
        `updates per second while moving (input at ${page.inputHz} Hz)`,
        fmt(page.updatesPerSecondMoving),
        `≤ ${rate}`,
      ],
      ['updates while the stick is held still', String(page.updatesWhileHeldStill), '0'],
      [
        'React commits during the drag',
        `${page.reactCommitsDuringDrag} (${page.reactCommitsAtLoad} at load)`,
        '0',
      ],
      ['longest frame during the drag (ms)', fmt(page.longestFrameMs), '≤ 33'],
      [
        `button press → its message leaves the page (ms, ${page.presses} taps)`,
        `${ms(page.pressToSendMs)} (p50 ${fmt(page.pressAfterHandlingMs.p50)} once the page ran the event)`,
        'within one frame (≤ 16.7)',
      ],
      [
        'button release → its message leaves the page (ms)',
        ms(page.releaseToSendMs),
        'within one frame (≤ 16.7)',
      ],
    ],
  );
}

export function bundleTable(bundle: InitialBundle): string {
  return table(
    ['initial file', 'gzip kB'],
    [
      ...bundle.files.map((file) => [file.path, fmt(file.gzipBytes / 1000, 1)]),
      [
        '**all initial JS**',
        `**${fmt(bundle.jsGzipBytes / 1000, 1)}** (budget ${fmt(INITIAL_JS_BUDGET_BYTES / 1000, 1)}: ${INITIAL_JS_BUDGET_BYTES / 1024} KiB)`,
      ],
      ['**all initial CSS**', `**${fmt(bundle.cssGzipBytes / 1000, 1)}**`],
    ],
  );
}
