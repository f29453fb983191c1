import type { DatagramWriter } from './datagramWriter.js';

/**
 * Node's timers count whole milliseconds, so one set for less may fire up to
 * this much late: a datagram due within it is sent at once rather than late.
 */
export const TIMER_STEP_MS = 1;

/**
 * Hands to its sink each writer's datagram whose first bundle has waited
 * `waitMs` by `now`, and returns when the first of the others is due (null
 * when none is being filled). Each datagram waits from its own first bundle,
 * not from the first since the last send: a datagram that filled and went
 * mid-wait is followed by one opened since, which would go nearly empty if it
 * had to go at the same time. So at a crowd's rate every datagram fills
 * before it is due, and still no bundle is held back longer than `waitMs`.
 */
export function sendDue(
  writers: readonly DatagramWriter[],
  now: number,
  waitMs: number,
): number | null {
  let next: number | null = null;
  for (const writer of writers) {
    const opened = writer.openedAt();
    if (opened === null) continue;
    const due = opened + waitMs;
    if (due - now < TIMER_STEP_MS) writer.flush();
    else next = next === null ? due : Math.min(next, due);
  }
  return next;
}
