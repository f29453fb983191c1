import { isUserId, MAX_USER_ID } from '../shared/protocol';
import type { ControllerStoreOptions } from './types';

/** The defaults for every optional store option, in one place. */
export const DEFAULT_STORE_OPTIONS = Object.freeze({
  rate: 30,
  idleSeconds: 10,
  random: Math.random,
  now: Date.now,
});

/** The store's options with every default filled in. */
export type ResolvedStoreOptions = ControllerStoreOptions &
  Required<Pick<ControllerStoreOptions, 'rate' | 'idleSeconds' | 'random' | 'now'>>;

/** setTimeout fires at once for delays past 2^31 - 1 ms, so longer idle times cannot work. */
const MAX_IDLE_SECONDS = Math.floor((2 ** 31 - 1) / 1000);

/**
 * Fills in the defaults and checks every option, failing at once with an exact
 * message, so a bad option is found at start-up rather than as a silent socket.
 */
export function resolveStoreOptions(options: ControllerStoreOptions): ResolvedStoreOptions {
  const resolved = {
    ...options,
    rate: options.rate ?? DEFAULT_STORE_OPTIONS.rate,
    idleSeconds: options.idleSeconds ?? DEFAULT_STORE_OPTIONS.idleSeconds,
    random: options.random ?? DEFAULT_STORE_OPTIONS.random,
    now: options.now ?? DEFAULT_STORE_OPTIONS.now,
  };
  const { url, rate, idleSeconds, userId, renewUserId, openSocket, vibrate, random, now } =
    resolved;
  if (typeof url !== 'string' || url === '') fail('url must be a non-empty string');
  if (!(Number.isFinite(rate) && rate > 0)) {
    fail(`rate must be a number of messages per second above 0, got ${String(rate)}`);
  }
  if (!(Number.isFinite(idleSeconds) && idleSeconds > 0 && idleSeconds <= MAX_IDLE_SECONDS)) {
    fail(`idleSeconds must be above 0 and at most ${MAX_IDLE_SECONDS}, got ${String(idleSeconds)}`);
  }
  if (!isUserId(userId)) {
    fail(`userId must be an integer from 1 to ${MAX_USER_ID}, got ${String(userId)}`);
  }
  if (typeof openSocket !== 'function') fail('openSocket must be a function');
  if (typeof random !== 'function') fail('random must be a function');
  if (typeof now !== 'function') fail('now must be a function');
  if (resolved.relayAnswers !== undefined && typeof resolved.relayAnswers !== 'function') {
    fail('relayAnswers must be a function when given');
  }
  if (renewUserId !== undefined && typeof renewUserId !== 'function') {
    fail('renewUserId must be a function when given');
  }
  if (vibrate !== undefined && typeof vibrate !== 'function') {
    fail('vibrate must be a function when given');
  }
  return resolved;
}

function fail(message: string): never {
  throw new TypeError(`createControllerStore: ${message}.`);
}
