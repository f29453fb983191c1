import type { RelayOptions } from './options.js';

/** Node's own default backlog, the least the relay asks for. */
export const NODE_LISTEN_BACKLOG = 511;
/** The largest backlog Linux accepts at all (it is a 16-bit field there). */
export const MAX_LISTEN_BACKLOG = 65_535;

/**
 * The listen backlog to ask for: the one given, or room for every phone to
 * arrive at once, so a burst (a crowd scanning the QR code as the show
 * starts) never waits on a SYN retransmit, 1 s and more.
 */
export function listenBacklogFor(options: Pick<RelayOptions, 'listenBacklog' | 'maxPhones'>) {
  return (
    options.listenBacklog ??
    Math.min(MAX_LISTEN_BACKLOG, Math.max(NODE_LISTEN_BACKLOG, options.maxPhones))
  );
}
