import type { NetworkInterfaceInfo } from 'node:os';
import { isLoopbackAddress } from './access.js';

/** The shape of `os.networkInterfaces()`, so tests can hand in a table. */
export type NetworkInterfaces = NodeJS.Dict<NetworkInterfaceInfo[]>;

const WILDCARD_HOSTS = new Set(['', '0.0.0.0', '::', '0:0:0:0:0:0:0:0']);

/** True for a bind address that listens on every interface. */
export const isWildcardHost = (host: string): boolean => WILDCARD_HOSTS.has(host);

const hostInUrl = (host: string): string => (host.includes(':') ? `[${host}]` : host);

/** Every non-internal IPv4 address, in interface order. */
export function lanAddresses(interfaces: NetworkInterfaces): string[] {
  const found: string[] = [];
  for (const addresses of Object.values(interfaces)) {
    for (const info of addresses ?? []) {
      if (info.family === 'IPv4' && !info.internal) found.push(info.address);
    }
  }
  return found;
}

const scheme = (secure: boolean, web: 'http' | 'ws'): string => (secure ? `${web}s` : web);

/** `http://IP:PORT/` (`https:` when `secure`) for every non-internal IPv4 address, in interface order. */
export function lanUrls(interfaces: NetworkInterfaces, port: number, secure = false): string[] {
  return lanAddresses(interfaces).map(
    (address) => `${scheme(secure, 'http')}://${address}:${port}/`,
  );
}

/**
 * The URLs a phone on the LAN can open: every LAN address when the relay listens
 * on all interfaces, the bound address when it is a specific one, none on loopback.
 */
export function phoneUrls(
  interfaces: NetworkInterfaces,
  host: string,
  port: number,
  secure = false,
): string[] {
  if (isWildcardHost(host)) return lanUrls(interfaces, port, secure);
  if (isLoopbackAddress(host) || host === 'localhost') return [];
  return [`${scheme(secure, 'http')}://${hostInUrl(host)}:${port}/`];
}

const localHost = (host: string): string => (isWildcardHost(host) ? 'localhost' : hostInUrl(host));

/** The address an installation on this machine uses: localhost unless bound to one address. */
export function localInstallationUrl(host: string, port: number, secure = false): string {
  return `${scheme(secure, 'ws')}://${localHost(host)}:${port}/`;
}

/** The relay's pages as seen from this machine. */
export function localHttpUrl(host: string, port: number, secure = false): string {
  return `${scheme(secure, 'http')}://${localHost(host)}:${port}/`;
}
