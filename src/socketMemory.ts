import { parseSocketUrl } from './config';

/** The subset of `localStorage` the memory uses. */
export type SocketStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** Where the page keeps the last `?ws=` it was given, in `localStorage`. */
export const SOCKET_URL_STORAGE_KEY = 'crowdstick.wsUrl';

/**
 * Remembers the relay a page was pointed at (PROTOCOL.md: `?ws=` is
 * "remembered for the installed app"), since an app launched from the home
 * screen opens its manifest's start URL, which has no `?ws=`.
 *
 * Returns the query string the page should read: `search` itself when it names
 * a socket, else `search` with the remembered one added. A valid `?ws=` is
 * remembered; an empty `?ws=` forgets, so the page goes back to same-origin
 * `/ws`; an invalid one changes nothing (the page reports it). Storage that is
 * missing, full or throwing only means nothing is remembered.
 */
export function withRememberedSocket(
  search: string,
  storage: SocketStorage | null | undefined,
): string {
  const params = new URLSearchParams(search);
  const given = params.get('ws');
  try {
    if (given === null) {
      const remembered = storage?.getItem(SOCKET_URL_STORAGE_KEY);
      if (remembered) {
        params.set('ws', remembered);
        return `?${params}`;
      }
    } else if (given.trim() === '') {
      storage?.removeItem(SOCKET_URL_STORAGE_KEY);
    } else {
      const url = parseSocketUrl(given);
      if (url !== null) storage?.setItem(SOCKET_URL_STORAGE_KEY, url);
    }
  } catch {
    // Storage refused: nothing is remembered, and the page reads its own query.
  }
  return search;
}
