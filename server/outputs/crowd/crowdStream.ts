/**
 * The `crowd` subscription (PROTOCOL.md): each subscribed installation gets
 * the crowd as one (crowdOf.ts) at the rate it asked for. A crowd message is
 * a state, not an event: one an installation is too slow to take is skipped,
 * and the next says the same, newer. As an output it hears every event, so
 * the crowd is worked out again only after one, once for every subscriber.
 */
import type { InstallationEvent } from '../../../src/shared/protocol.js';
import type { RelayOutput } from '../../core/output.js';
import type { UserState } from '../../core/roster.js';
import { crowdOf } from './crowdOf.js';

export interface CrowdStreamOptions<Handle> {
  /** Calls `tick` every `intervalMs` until the returned function is called. */
  every: (intervalMs: number, tick: () => void) => () => void;
  send: (handle: Handle, text: string) => void;
  /** An installation that has this much unsent skips a crowd message. */
  isSlow: (handle: Handle) => boolean;
  users: () => Iterable<Readonly<UserState>>;
}

export interface CrowdStream<Handle> extends RelayOutput {
  /** From now on `handle` gets the crowd `rate` times a second, the first at once. */
  add(handle: Handle, rate: number): void;
  remove(handle: Handle): void;
  /** Stops every subscriber's timer. */
  stop(): void;
  /** Crowd messages sent so far. */
  readonly sent: number;
}

export function createCrowdStream<Handle>(
  options: CrowdStreamOptions<Handle>,
): CrowdStream<Handle> {
  const subscribers = new Map<Handle, () => void>();
  let sent = 0;
  /** The crowd message as of the last event, or null once another event came. */
  let latest: string | null = null;

  const remove = (handle: Handle) => {
    subscribers.get(handle)?.();
    subscribers.delete(handle);
  };

  const crowdText = (): string => (latest ??= JSON.stringify(crowdOf(options.users())));

  return {
    publish(_event: InstallationEvent) {
      latest = null;
    },
    add(handle, rate) {
      remove(handle);
      const tick = () => {
        if (options.isSlow(handle)) return;
        options.send(handle, crowdText());
        sent += 1;
      };
      tick();
      subscribers.set(handle, options.every(1000 / rate, tick));
    },
    remove,
    stop() {
      for (const stop of subscribers.values()) stop();
      subscribers.clear();
    },
    get sent() {
      return sent;
    },
  };
}
