import { expect } from 'vitest';
import type { InstallationEvent, UpdateMessage } from '../../src/shared/protocol';

/** The messages an installation received about one user, in order, each with the user's slot. */
export function messagesOf(received: readonly unknown[], id: number): InstallationEvent[] {
  return received.filter(
    (m): m is InstallationEvent =>
      typeof m === 'object' && m !== null && (m as InstallationEvent).sliderId === id,
  );
}

export const isFinalZero = (m: InstallationEvent) =>
  m.type === 'update' && m.x === 0 && m.y === 0 && m.speed === 0 && m.angle === 0;

/**
 * Whether the user's stick moved and then came back to 0,0,0,0. A grab at the
 * very centre also reads 0,0,0,0, so only a zero after a move is the release.
 */
export function wasReleased(received: readonly unknown[], id: number): boolean {
  const updates = messagesOf(received, id).filter((m) => m.type === 'update');
  const lastMoved = updates.findLastIndex((m) => !isFinalZero(m));
  return lastMoved >= 0 && updates.slice(lastMoved + 1).some(isFinalZero);
}

/** Every field of an update within the contract's ranges and precision. */
export function expectValidUpdate(m: UpdateMessage): void {
  for (const axis of [m.x, m.y]) {
    expect(axis).toBeGreaterThanOrEqual(-1);
    expect(axis).toBeLessThanOrEqual(1);
    expect(Math.round(axis * 1000) / 1000).toBe(axis);
  }
  expect(Number.isInteger(m.speed) && m.speed >= 0 && m.speed <= 100).toBe(true);
  expect(Number.isInteger(m.angle) && m.angle >= 0 && m.angle <= 359).toBe(true);
}
