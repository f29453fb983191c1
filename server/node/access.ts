import { createHash, timingSafeEqual } from 'node:crypto';
import { isIPv4 } from 'node:net';

/** What the relay knows about an installation's upgrade request. */
export interface InstallationAccessRequest {
  /** The peer's address as the socket reports it (may be IPv4-mapped, `::ffff:1.2.3.4`). */
  remoteAddress: string | undefined;
  /** The request target, e.g. `/?token=abc`. */
  requestUrl: string | undefined;
  /** The token the relay was started with, if any. */
  token: string | undefined;
  /** Addresses let in without a token, normalised with `normalizeAddress`. */
  installationFrom: readonly string[];
}

/** Why an installation was let in or refused; never carries the token itself. */
export type InstallationAccess =
  | { allowed: true; via: 'loopback' | 'token' | 'listed-address' }
  | { allowed: false; why: 'no-token' | 'wrong-token' };

const IPV4_MAPPED_PREFIX = '::ffff:';

/** Lower-cases an address and turns an IPv4-mapped IPv6 address back into plain IPv4. */
export function normalizeAddress(address: string): string {
  const lower = address.toLowerCase();
  if (lower.startsWith(IPV4_MAPPED_PREFIX)) {
    const v4 = lower.slice(IPV4_MAPPED_PREFIX.length);
    if (isIPv4(v4)) return v4;
  }
  return lower;
}

/** 127.0.0.0/8 and ::1, in any of the spellings a socket reports. */
export function isLoopbackAddress(address: string): boolean {
  const normalized = normalizeAddress(address);
  return normalized === '::1' || (isIPv4(normalized) && normalized.startsWith('127.'));
}

function tokenFromUrl(requestUrl: string | undefined): string | null {
  const queryStart = requestUrl?.indexOf('?') ?? -1;
  if (requestUrl === undefined || queryStart === -1) return null;
  return new URLSearchParams(requestUrl.slice(queryStart + 1)).get('token');
}

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

/** Compares in constant time; hashing first gives equal-length buffers and hides the length. */
function sameToken(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

/**
 * Decides whether an installation may connect (PROTOCOL.md): loopback peers are
 * let in; others need the configured `?token=` or an address on `installationFrom`.
 */
export function checkInstallationAccess(request: InstallationAccessRequest): InstallationAccess {
  const address = normalizeAddress(request.remoteAddress ?? '');
  if (isLoopbackAddress(address)) return { allowed: true, via: 'loopback' };
  const given = tokenFromUrl(request.requestUrl);
  if (request.token !== undefined && given !== null && sameToken(given, request.token)) {
    return { allowed: true, via: 'token' };
  }
  if (request.installationFrom.some((listed) => normalizeAddress(listed) === address)) {
    return { allowed: true, via: 'listed-address' };
  }
  return { allowed: false, why: given === null ? 'no-token' : 'wrong-token' };
}
