import type { InstallationEvent } from '../../src/shared/protocol.js';
import type { RelayOutput } from './output.js';
import { createRoster, type Roster } from './roster.js';

/**
 * The one path from the core to its outputs. The core publishes each event
 * it accepted exactly once; the bus folds it into the users' state and hands
 * it to every output, in order. This is the seam where relays on several
 * processes meet: a bus over a broker delivers every node's events to every
 * node's outputs, and its roster is the whole crowd's. `createLocalBus` is
 * the bus of one process.
 */
export interface EventBus {
  /** The core's side: one accepted event of a present user, with their slot. */
  publish(event: InstallationEvent): void;
  /** An output's side: from now on it gets every event, after those attached before it. */
  attach(output: RelayOutput): void;
  /** Every present user's latest state, from the events the bus delivered (not to be changed). */
  readonly users: Roster;
  /** The last deletes are out: each output sends what it still owes, in the order attached. */
  stop(): void;
}

/** The bus within one process: a call per output, nothing queued, nothing lost. */
export function createLocalBus(): EventBus {
  const users = createRoster();
  const outputs: RelayOutput[] = [];
  return {
    publish(event) {
      // The state first, so that an output reading it (a frame, the refresh) sees this event.
      users.apply(event);
      for (const output of outputs) output.publish(event);
    },
    attach(output) {
      outputs.push(output);
    },
    users,
    stop() {
      for (const output of outputs) output.stop?.();
    },
  };
}
