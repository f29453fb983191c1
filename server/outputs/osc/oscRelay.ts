import { isLoopbackAddress, normalizeAddress } from '../../node/access.js';
import type { Relay } from '../../node/relay.js';
import type { RelayOutput } from '../../core/output.js';
import type { UserState } from '../../core/roster.js';
import { createOscInput, type OscInput, type OscInputStats } from './oscInput.js';
import { formatTarget, type OscAddress } from './oscOptions.js';
import { createOscOutput, type OscOutput, type OscOutputStats } from './oscOutput.js';
import { presentUsers } from './presentUsers.js';
import { crowdOf } from '../crowd/crowdOf.js';

/** What the relay was asked for: `--osc` targets, `--osc-in`, and who may send to it. */
export interface OscSettings {
  osc: readonly OscAddress[];
  oscIn: OscAddress | null;
  /** Senders besides loopback whose OSC reaches the phones (`--installation-from`, normalised). */
  installationFrom: readonly string[];
  /** The crowd's bundles a second (`--osc-crowd`); 0 for none. */
  crowdHz: number;
  warn: (line: string) => void;
}

/** The relay's OSC side, for `/healthz` and the stop. */
export interface OscSide {
  /** The output, to hand the core before the relay starts; null without `--osc`. */
  output: RelayOutput | null;
  /** Starts OSC in once the relay exists; rejects when its port cannot be had. */
  listen(relay: Pick<Relay, 'sendToPhones'>): Promise<void>;
  /** The port OSC in listens on, once listening. */
  inPort(): number | null;
  stats(): { out: OscOutputStats | null; in: OscInputStats | null };
  close(): Promise<void>;
}

/**
 * Makes the OSC output (its refresh reads the relay's present users, bound
 * late since the relay is made with the output) and, on `listen`, OSC in.
 */
export function createOscSide(
  settings: OscSettings,
  present: () => Iterable<Readonly<UserState>>,
): OscSide {
  const output: OscOutput | null =
    settings.osc.length === 0
      ? null
      : createOscOutput(settings.osc, {
          present: () => presentUsers(present()),
          crowd: () => crowdOf(present()),
          crowdHz: settings.crowdHz,
          warn: settings.warn,
        });
  let input: OscInput | null = null;
  const listed = new Set(settings.installationFrom);

  return {
    output,
    async listen(relay) {
      if (settings.oscIn === null) return;
      input = await createOscInput({
        ...settings.oscIn,
        allowed: (address) => isLoopbackAddress(address) || listed.has(normalizeAddress(address)),
        onSend: (to, event, data) => {
          relay.sendToPhones(to, { event, data });
        },
        warn: settings.warn,
      });
    },
    inPort: () => input?.port ?? null,
    stats: () => ({ out: output?.stats() ?? null, in: input?.stats() ?? null }),
    async close() {
      await Promise.all([output?.close(), input?.close()]);
    },
  };
}

/** The start-up lines that tell where OSC goes and comes from. */
export function oscLines(
  settings: Pick<OscSettings, 'osc' | 'oscIn' | 'installationFrom'>,
  inPort: number | null,
): string[] {
  const lines = settings.osc.map((target) => `OSC out: ${formatTarget(target)}`);
  if (settings.oscIn !== null && inPort !== null) {
    const from =
      settings.installationFrom.length > 0
        ? `loopback and ${settings.installationFrom.join(', ')}`
        : 'loopback only (add --installation-from ADDRESS for another machine)';
    lines.push(
      `OSC in: ${formatTarget({ host: settings.oscIn.host, port: inPort })}, from ${from}`,
    );
  }
  return lines;
}
