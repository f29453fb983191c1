import { isIP, isIPv4, isIPv6 } from 'node:net';

/** A UDP address as given on the command line; an IPv6 host is kept without its brackets. */
export interface OscAddress {
  host: string;
  port: number;
}

/** Where `--osc-in PORT` listens when no host is given: loopback only (PROTOCOL.md, OSC). */
export const DEFAULT_OSC_IN_HOST = '127.0.0.1';

const fail = (message: string): never => {
  throw new Error(`crowdstick: ${message}`);
};

/** A host name, or an IPv4 address; digits and dots alone must be a real IPv4 address. */
const isHostName = (text: string) =>
  /^[A-Za-z0-9._-]+$/.test(text) && (!/^[\d.]+$/.test(text) || isIPv4(text));

/** `HOST:PORT` or `[IPV6]:PORT` split, or null when the text has neither shape. */
function splitHostPort(text: string): { host: string; portText: string } | null {
  const bracketed = /^\[([^\]]*)\]:([^:]*)$/.exec(text);
  if (bracketed)
    return isIPv6(bracketed[1] ?? '')
      ? { host: bracketed[1] ?? '', portText: bracketed[2] ?? '' }
      : null;
  const plain = /^([^:[\]]+):([^:]*)$/.exec(text);
  if (plain && isHostName(plain[1] ?? ''))
    return { host: plain[1] ?? '', portText: plain[2] ?? '' };
  return null;
}

function parsePort(text: string, min: number, source: string): number {
  const port = /^\d{1,5}$/.test(text) ? Number(text) : NaN;
  if (!(port >= min && port <= 65535)) {
    fail(`${source} port must be an integer in ${min}..65535, got "${text}"`);
  }
  return port;
}

/** `--osc HOST:PORT`, an IPv6 address in brackets (`[::1]:9000`); port 0 is no destination. */
export function parseOscTarget(text: string): OscAddress {
  const split =
    splitHostPort(text) ??
    fail(`--osc must be HOST:PORT (e.g. 127.0.0.1:9000 or [::1]:9000), got "${text}"`);
  return { host: split.host, port: parsePort(split.portText, 1, '--osc') };
}

/** `--osc-in [HOST:]PORT`, loopback when the host is left out; port 0 picks a free one. */
export function parseOscIn(text: string): OscAddress {
  if (/^\d+$/.test(text))
    return { host: DEFAULT_OSC_IN_HOST, port: parsePort(text, 0, '--osc-in') };
  const split =
    splitHostPort(text) ??
    fail(`--osc-in must be PORT or HOST:PORT (e.g. 9001 or 0.0.0.0:9001), got "${text}"`);
  return { host: split.host, port: parsePort(split.portText, 0, '--osc-in') };
}

/** `host:port`, with an IPv6 address in brackets, for log lines. */
export function formatTarget({ host, port }: OscAddress): string {
  return isIP(host) === 6 ? `[${host}]:${port}` : `${host}:${port}`;
}
