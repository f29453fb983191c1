import { isBatchRate } from '../../src/shared/protocol.js';

/**
 * Reads `?batch=N` from an installation's request target: the rate when it is
 * a whole number in 1 ..= 120, undefined when absent, 'invalid' for anything
 * else (the upgrade is then refused rather than quietly streaming every message).
 */
export const batchFromUrl = (requestUrl: string | undefined): number | undefined | 'invalid' =>
  rateFromUrl(requestUrl, 'batch');

/** Reads `?crowd=N` the same way: the crowd messages a second an installation asks for. */
export const crowdFromUrl = (requestUrl: string | undefined): number | undefined | 'invalid' =>
  rateFromUrl(requestUrl, 'crowd');

function rateFromUrl(requestUrl: string | undefined, name: string): number | undefined | 'invalid' {
  const queryStart = requestUrl?.indexOf('?') ?? -1;
  if (requestUrl === undefined || queryStart === -1) return undefined;
  const text = new URLSearchParams(requestUrl.slice(queryStart + 1)).get(name);
  if (text === null) return undefined;
  const batch = /^\d{1,3}$/.test(text) ? Number(text) : NaN;
  return isBatchRate(batch) ? batch : 'invalid';
}
