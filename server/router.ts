import type { PhoneEvent } from '../src/shared/protocol.js';
import { createLocalBus, type EventBus } from './core/bus.js';
import { createDropCounter, type DropReason } from './core/drops.js';
import type { PhoneTarget, RelayOutput } from './core/output.js';
import {
  createRelayCore,
  type LocalPhones,
  type PhoneActivity,
  type PhoneLimits,
  type PhoneStats,
  type RemotePhones,
} from './core/relayCore.js';
import type { SlotBook } from './core/slotBook.js';
import type { UserState } from './core/roster.js';
import type { RouterTransport } from './core/transport.js';
import { everyInterval } from './outputs/installations/batcher.js';
import type { FanoutLimits } from './outputs/installations/fanout.js';
import {
  createInstallations,
  type InstallationStats,
} from './outputs/installations/installations.js';

export type { RouterTransport } from './core/transport.js';
export type { DropReason } from './core/drops.js';
export type { PhoneActivity } from './core/relayCore.js';

export interface RouterStats extends Omit<PhoneStats, 'cutOff'> {
  /** Installation sockets, monitors not counted. */
  installations: number;
  /** Monitor sockets (`/?monitor=1`): installations counted apart. */
  monitors: number;
  /** Users currently connected (and not deleted). */
  users: number;
  /** Frames sent to installations so far. */
  messagesOut: number;
  /** Frames dropped so far, by reason. */
  dropped: Partial<Record<DropReason, number>>;
  slowInstallations: InstallationStats['slowInstallations'];
  behind: InstallationStats['behind'];
  /** Sockets the relay closed so far: the phones the core cut off, and installations too far behind (`slow`). */
  cutOff: PhoneStats['cutOff'] & { slow: number };
}

/**
 * The relay in one process without its sockets: the core (the phones' side),
 * the local bus, the installations' sockets and any other outputs, wired
 * together. Handles are opaque, so tests drive it with strings.
 */
export interface Router<Handle> {
  /** A phone socket opened; false when the relay is full and turned it away (1013). */
  controllerOpened(controller: Handle): boolean;
  controllerMessage(controller: Handle, text: string, isBinary?: boolean): void;
  controllerClosed(controller: Handle): void;
  /**
   * `batch`: the frames a second it asked for on its URL (already checked), or
   * none for every message; `monitor`: it is a monitor, counted apart; `crowd`:
   * the crowd messages a second it asked for (alone, it gets nothing else).
   */
  installationOpened(installation: Handle, batch?: number, monitor?: boolean, crowd?: number): void;
  installationMessage(installation: Handle, text: string, isBinary?: boolean): void;
  installationClosed(installation: Handle): void;
  /** Live phone sockets (those turned away never count). */
  readonly controllerCount: number;
  /** For a graceful stop: every installation gets what it is owed, then a delete per live user. */
  stop(): void;
  stats(): RouterStats;
  /** Every present user's latest state, in the order they joined (not to be changed by the caller). */
  present(): Iterable<Readonly<UserState>>;
  /**
   * Passes an event to a phone, or to all, as an installation's `send` does:
   * the way back for outputs with an input of their own (OSC in). False when
   * no present user is there.
   */
  sendToPhones(target: PhoneTarget, event: PhoneEvent): boolean;
  /** The monitor sockets open now. */
  monitors(): ReadonlySet<Handle>;
  /** Every phone socket with a user id, by slot (away ones last); restarts each one's frame count. */
  takePhoneActivity(): PhoneActivity<Handle>[];
  /** This process's phones, for the other nodes of a cluster. */
  readonly here: LocalPhones;
}

/** The limits the router applies; the relay's defaults are in RelayOptions. */
export type RouterLimits = PhoneLimits & FanoutLimits;

export interface RouterOptions {
  /** Where the first drop of each kind is reported. */
  warn?: (line: string) => void;
  /** Calls `tick` every `intervalMs` until the returned function is called; tests pass a manual clock. */
  every?: (intervalMs: number, tick: () => void) => () => void;
  /** Milliseconds on a monotonic clock, for the rate limit; tests pass a manual one. */
  now?: () => number;
  /** Resolved once at start (start.ts); tests spell out their own. */
  limits: RouterLimits;
  /** Where every accepted event goes besides the installations' sockets, in this order. */
  outputs?: readonly RelayOutput[];
  /** The path to the outputs: this process's own unless this relay is a node of a cluster. */
  bus?: EventBus;
  /** Where slots come from: this process's own table unless the cluster's. */
  slots?: SlotBook;
  /** The other nodes' phones, for a node of a cluster. */
  remote?: RemotePhones;
}

const defaultNow = (): number => performance.now();

/** Creates the relay core with its outputs; `transport` delivers their frames and closes. */
export function createRouter<Handle>(
  transport: RouterTransport<Handle>,
  {
    warn = (line) => console.error(line),
    every = everyInterval,
    now = defaultNow,
    limits,
    outputs = [],
    bus = createLocalBus(),
    slots,
    remote,
  }: RouterOptions,
): Router<Handle> {
  const { drop, dropped } = createDropCounter(warn);
  const core = createRelayCore(transport, bus, { limits, warn, drop, every, now, slots, remote });
  const installations = createInstallations(transport, bus, core, { limits, warn, drop, every });
  for (const output of outputs) bus.attach(output);

  return {
    controllerOpened: (controller) => core.phoneOpened(controller),
    controllerMessage: (controller, text, isBinary) =>
      core.phoneMessage(controller, text, isBinary),
    controllerClosed: (controller) => core.phoneClosed(controller),
    installationOpened: (installation, batch, monitor, crowd) =>
      installations.opened(installation, { batch, monitor, crowd }),
    installationMessage: (installation, text, isBinary) =>
      installations.message(installation, text, isBinary),
    installationClosed: (installation) => installations.closed(installation),
    get controllerCount() {
      return core.phoneCount;
    },
    stop() {
      installations.stop();
      core.stop();
      // A slow installation got its deletes at the end of its backlog: out with all of it now.
      bus.stop();
    },
    present: () => bus.users.states(),
    sendToPhones: (target, event) => core.sendToPhones(target, event),
    monitors: () => installations.monitors(),
    takePhoneActivity: () => core.takePhoneActivity(),
    here: core.here,
    stats() {
      const phones = core.stats();
      const sockets = installations.stats();
      // Spelled out: /healthz shows these in this order.
      return {
        controllers: phones.controllers,
        installations: sockets.installations,
        monitors: sockets.monitors,
        users: bus.users.size,
        messagesIn: phones.messagesIn,
        messagesOut: sockets.messagesOut,
        dropped: dropped(),
        slowInstallations: sockets.slowInstallations,
        behind: sockets.behind,
        cutOff: {
          flood: phones.cutOff.flood,
          slow: sockets.cutOffSlow,
          slowPhone: phones.cutOff.slowPhone,
          noConnect: phones.cutOff.noConnect,
          full: phones.cutOff.full,
        },
        kicks: phones.kicks,
      };
    },
  };
}
