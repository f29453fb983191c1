import type { CDPSession } from 'playwright-core';

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A thumb on the stick: down at the centre, circling at `hz` input events a
 * second for `seconds`, then held still for `holdSeconds`, then lifted. Events
 * follow a wall-clock schedule, so a slow page does not slow the input down.
 * Resolves with the page-independent times (ms since start) of each phase.
 */
export async function dragInCircles(
  cdp: CDPSession,
  centre: { x: number; y: number },
  radius: number,
  { hz, seconds, holdSeconds }: { hz: number; seconds: number; holdSeconds: number },
): Promise<{ movesEnded: number; released: number }> {
  const touch = (type: 'touchStart' | 'touchMove' | 'touchEnd', x: number, y: number) =>
    cdp.send('Input.dispatchTouchEvent', {
      type,
      touchPoints: type === 'touchEnd' ? [] : [{ x, y, id: 0 }],
    });
  const start = Date.now();
  await touch('touchStart', centre.x, centre.y);
  const moves = Math.round(hz * seconds);
  let x = centre.x;
  let y = centre.y;
  for (let i = 1; i <= moves; i += 1) {
    const due = start + (i * 1000) / hz;
    const early = due - Date.now();
    if (early > 0) await wait(early);
    const turn = (i / moves) * Math.PI * 4;
    x = centre.x + Math.cos(turn) * radius * 0.8;
    y = centre.y + Math.sin(turn) * radius * 0.8;
    await touch('touchMove', x, y);
  }
  const movesEnded = Date.now() - start;
  await wait(holdSeconds * 1000);
  const released = Date.now() - start;
  await touch('touchEnd', x, y);
  return { movesEnded, released };
}

/**
 * A finger tapping one point `count` times: down for `holdMs`, up for
 * `gapMs`, on a wall-clock schedule as the drag is.
 */
export async function tapRepeatedly(
  cdp: CDPSession,
  point: { x: number; y: number },
  { count, holdMs, gapMs }: { count: number; holdMs: number; gapMs: number },
): Promise<void> {
  const touch = (type: 'touchStart' | 'touchEnd') =>
    cdp.send('Input.dispatchTouchEvent', {
      type,
      touchPoints: type === 'touchEnd' ? [] : [{ x: point.x, y: point.y, id: 0 }],
    });
  const start = Date.now();
  const until = async (due: number) => {
    const early = start + due - Date.now();
    if (early > 0) await wait(early);
  };
  for (let i = 0; i < count; i += 1) {
    await until(i * (holdMs + gapMs));
    await touch('touchStart');
    await until(i * (holdMs + gapMs) + holdMs);
    await touch('touchEnd');
  }
}
