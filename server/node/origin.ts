/** What the relay knows about a controller's upgrade request, for the origin check. */
export interface OriginRequest {
  /** The `Origin` header; browsers always send it on a WebSocket upgrade, other clients rarely. */
  origin: string | undefined;
  /** The `Host` header: the address the browser used for the relay. */
  host: string | undefined;
  /** Origins given with `--allow-origin` (already normalised), or `*` for any. */
  allowedOrigins: readonly string[];
}

/** Any origin at all, for `--allow-origin '*'`. */
export const ANY_ORIGIN = '*';

/**
 * Normalises an `--allow-origin` value to the form browsers send
 * (`https://example.org`, `http://host:8080`; a trailing slash and a default
 * port are dropped), or null when it is not an http(s) origin: a path, query
 * or credentials mean the value is something else.
 */
export function parseOrigin(text: string): string | null {
  if (text === ANY_ORIGIN) return ANY_ORIGIN;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  const bare = url.pathname === '/' && url.search === '' && url.hash === '';
  const http = url.protocol === 'http:' || url.protocol === 'https:';
  return http && bare && url.username === '' && url.password === '' ? url.origin : null;
}

/**
 * Whether a controller may open a socket (PROTOCOL.md's hosted mode): a page of
 * the relay's own origin (its Origin names the Host it connected to), a page
 * of an allowed origin, or a client that sends no Origin at all (a script, a
 * test, a native app: nothing a browser page can pretend to be).
 */
export function isOriginAllowed({ origin, host, allowedOrigins }: OriginRequest): boolean {
  if (origin === undefined) return true;
  if (allowedOrigins.includes(ANY_ORIGIN)) return true;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false; // "null" (a sandboxed frame or a file:// page) and other junk
  }
  // The scheme is not compared: behind a TLS proxy the page is https while the relay is not.
  if (host !== undefined && url.host === host.toLowerCase()) return true;
  return allowedOrigins.includes(url.origin);
}
