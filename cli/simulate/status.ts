/** The simulator's one-line live status, redrawn in place on a terminal. */
import type { CrowdStatus } from './crowd.js';

/** `50 phones: 41 playing, 6 idle, 3 away · 1210 msg/s`, leaving out states no phone is in. */
export function statusLine(status: CrowdStatus, messagesPerSecond: number): string {
  const states = Object.entries(status.byState)
    .filter(([, count]) => count > 0)
    .map(([state, count]) => `${count} ${state}`)
    .join(', ');
  return `${status.phones} phones: ${states || 'none yet'} · ${Math.round(messagesPerSecond)} msg/s`;
}

/** Redraws `line` over the last one: carriage return, the text, then clear to the line's end. */
export const redraw = (line: string): string => `\r${line}\u001b[K`;
