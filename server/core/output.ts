import type { InstallationEvent, UserId } from '../../src/shared/protocol.js';

/**
 * An output of the relay besides the installations' sockets (OSC targets,
 * and what follows): it gets every accepted phone event once, with its slot,
 * in the order the core accepted them. The core knows no output by name;
 * adding one touches only the place that starts the relay.
 */
export interface RelayOutput {
  /** Must not throw and must not wait: the core calls it for every event. */
  publish(event: InstallationEvent): void;
}

/** Which phone an output's input (OSC in) addresses: by slot, by user id, or every phone. */
export type PhoneTarget = { slot: number } | { id: UserId } | 'all';
