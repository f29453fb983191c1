import type { InstallationEvent, PhoneEvent, UserId } from '../../src/shared/protocol.js';

/**
 * An output of the relay: the installations' sockets (plain and batched),
 * the crowd stream, OSC targets, the recorder. Each gets every accepted phone
 * event once, with its slot, in the order the core accepted it, from the bus
 * (bus.ts). The core knows no output by name; adding one touches only the
 * place that starts the relay.
 */
export interface RelayOutput {
  /** Must not throw and must not wait: it is called for every event. */
  publish(event: InstallationEvent): void;
  /**
   * The relay is stopping and every user's last delete has been published:
   * send what is still owed and let go of timers. Closing sockets and files
   * is the caller's, after.
   */
  stop?(): void;
}

/** Which phone an output's input (an installation's `send`, OSC in) addresses: by slot, by user id, or every phone. */
export type PhoneTarget = { slot: number } | { id: UserId } | 'all';

/** What an output with an input of its own may ask of the phones' side of the core. */
export interface PhoneDesk {
  /** Passes an event to the phone `target` names, or to all; false when no present user is there. */
  sendToPhones(target: PhoneTarget, event: PhoneEvent): boolean;
  /** Removes that user's phone and turns the id back for `--kick-seconds`; false when nobody is there. */
  kick(target: PhoneTarget): boolean;
}
