import { readFileSync } from 'node:fs';

/**
 * What the operating system lets the relay have, read where Linux tells it;
 * null where it does not (another system), and the relay then trusts it.
 */

/** File descriptors the relay needs besides one per socket: Node's own, files served, installations. */
export const FD_HEADROOM = 256;
/**
 * Descriptors kept free of connections when the limit is near, so a file can
 * still be served and the process keeps working: past the cap, new
 * connections are dropped and counted instead of failing at random.
 */
export const FD_RESERVE = 64;

const readOrNull = (path: string): string | null => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
};

/**
 * This process's soft open-file limit (`ulimit -n`). Node raises its soft
 * limit to the hard one as it starts, so this is the real ceiling.
 */
export function openFileLimit(limitsText = readOrNull('/proc/self/limits')): number | null {
  const line = /^Max open files\s+(\d+|unlimited)\s/m.exec(limitsText ?? '');
  if (!line) return null;
  return line[1] === 'unlimited' ? Infinity : Number(line[1]);
}

/** The kernel's cap on any listen backlog (net.core.somaxconn). */
export function kernelBacklogCap(text = readOrNull('/proc/sys/net/core/somaxconn')): number | null {
  const value = Number.parseInt(text ?? '', 10);
  return Number.isInteger(value) && value > 0 ? value : null;
}

/** The descriptors `maxPhones` phones need, with room for everything else. */
export const descriptorsNeeded = (maxPhones: number): number => maxPhones + FD_HEADROOM;

/**
 * The most connections to hold open under `fileLimit`, or null for no cap:
 * past it Node drops a new connection itself and says so ('drop'), where
 * running out of descriptors would reset it silently.
 */
export function connectionCap(fileLimit: number | null): number | null {
  if (fileLimit === null || !Number.isFinite(fileLimit)) return null;
  return Math.max(1, fileLimit - FD_RESERVE);
}
