import { isBatchRate } from '../src/shared/protocol.js';

/**
 * Reads `?batch=N` from an installation's request target: the rate when it is
 * a whole number in 1 ..= 120, undefined when absent, 'invalid' for anything
 * else (the upgrade is then refused rather than quietly streaming every message).
 */
export function batchFromUrl(requestUrl: string | undefined): number | undefined | 'invalid' {
  const queryStart = requestUrl?.indexOf('?') ?? -1;
  if (requestUrl === undefined || queryStart === -1) return undefined;
  const text = new URLSearchParams(requestUrl.slice(queryStart + 1)).get('batch');
  if (text === null) return undefined;
  const batch = /^\d{1,3}$/.test(text) ? Number(text) : NaN;
  return isBatchRate(batch) ? batch : 'invalid';
}
