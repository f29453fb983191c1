import { isUserId, MAX_USER_ID, type UserId } from './shared/protocol';

/**
 * The part of `crypto` the id needs. `getRandomValues` exists on a plain
 * `http://192.168.x.x` page; `randomUUID` does not (secure contexts only).
 */
export interface RandomValuesSource {
  getRandomValues(array: Uint32Array<ArrayBuffer>): unknown;
}

/** The subset of `sessionStorage` the id uses. */
export type IdStorage = Pick<Storage, 'getItem' | 'setItem'>;

/** Where a tab keeps its id in `sessionStorage`. */
export const USER_ID_STORAGE_KEY = 'crowdstick.userId';

/** A random user id in 1 ..= 2147483647. */
export function randomUserId(crypto: RandomValuesSource): UserId {
  const words = new Uint32Array(1);
  crypto.getRandomValues(words);
  // 31 random bits span 0 ..= MAX_USER_ID, one value too many: folding them
  // with % keeps 0 out at the cost of a second chance for id 1.
  return (((words[0] ?? 0) >>> 1) % MAX_USER_ID) + 1;
}

/**
 * This tab's user id: the one kept in `storage` (sessionStorage, so it
 * survives a reload but not a new tab), else a new one, which is then kept. A
 * missing or throwing storage, or a stored value that is not an id, gives a
 * fresh id instead of an error.
 */
export function tabUserId(
  storage: IdStorage | null | undefined,
  crypto: RandomValuesSource,
): UserId {
  return readKeptId(storage) ?? newTabUserId(storage, crypto);
}

/**
 * A fresh id for this tab, kept in `storage` in place of the old one. A
 * duplicated tab inherits its original's sessionStorage, and with it the id;
 * this is how one of the two gets its own.
 */
export function newTabUserId(
  storage: IdStorage | null | undefined,
  crypto: RandomValuesSource,
): UserId {
  const id = randomUserId(crypto);
  try {
    storage?.setItem(USER_ID_STORAGE_KEY, String(id));
  } catch {
    // Full or disabled storage: the id then lasts as long as this page.
  }
  return id;
}

function readKeptId(storage: IdStorage | null | undefined): UserId | null {
  let text: string | null | undefined;
  try {
    text = storage?.getItem(USER_ID_STORAGE_KEY);
  } catch {
    return null;
  }
  // Digits only: Number() would also accept " 12", "1e3" and "0x10".
  if (typeof text !== 'string' || !/^[1-9][0-9]{0,9}$/.test(text)) return null;
  const id = Number(text);
  return isUserId(id) ? id : null;
}
