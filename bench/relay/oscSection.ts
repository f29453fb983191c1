import { table } from '../markdown.js';
import { fmt, median } from '../stats.js';
import { oscTargetLines } from '../targets.js';
import {
  OSC_ARMS,
  OSC_MESSAGES_PER,
  type OscComparison,
  type OscOptions,
  type OscTally,
} from './osc.js';

/** The heading the OSC scenario's section starts with, so a run of it alone can find it. */
export const OSC_HEADING = '## OSC output';

/** Each arm as a row: the relay's own figures, as the sweep reports them. */
export function oscRelayTable(comparison: OscComparison): string {
  return table(
    [
      'relay started',
      'delivered/s',
      'lost %',
      'p50 ms',
      'p99 ms',
      'max ms',
      'relay CPU µs/msg',
      'cores: relay + generator + receiver',
      'relay preempted /s',
      'receiver slept /s',
      'relay RSS MiB',
    ],
    comparison.rows.map((row) => [
      row.arm,
      fmt(row.deliveredPerSecond, 0),
      fmt(row.lostPercent, 2),
      fmt(row.latencyMs.p50, 2),
      fmt(row.latencyMs.p99, 2),
      fmt(row.latencyMs.max, 1),
      fmt(row.cpuPerMessageUs, 1),
      [row.relayCores, row.generatorCores, row.receiverCores].map((c) => fmt(c, 2)).join(' + '),
      fmt(row.relayPreemptionsPerSecond, 0),
      fmt(row.receiverSleepsPerSecond, 0),
      fmt(row.rssMiB, 0),
    ]),
  );
}

const percentOf = (part: number, whole: number) => (whole > 0 ? (100 * part) / whole : NaN);

/** What the relay sent and what the receiver got, all runs together, events and refresh apart. */
export function oscCountTable(tally: OscTally): string {
  const { sent, received } = tally;
  const lost = {
    messages: sent.messages - received.messages,
    events: sent.events - received.events,
    refresh: sent.refresh - received.refresh,
    datagrams: sent.datagrams - received.datagrams,
  };
  const percent = (key: keyof typeof lost) =>
    fmt(percentOf(lost[key], key === 'datagrams' ? sent.datagrams : sent[key]), 2);
  const row = (name: string, cells: number[]) => [name, ...cells.map(String)];
  return table(
    ['OSC, all runs', 'messages', 'of phone events', 'of the refresh', 'datagrams'],
    [
      row('sent by the relay', [sent.messages, sent.events, sent.refresh, sent.datagrams]),
      row('got by the receiver', [
        received.messages,
        received.events,
        received.refresh,
        received.datagrams,
      ]),
      row('lost', [lost.messages, lost.events, lost.refresh, lost.datagrams]),
      ['lost %', percent('messages'), percent('events'), percent('refresh'), percent('datagrams')],
    ],
  );
}

/**
 * What each datagram does on loopback, in this run's figures: the kernel
 * delivers it, and wakes a receiver that sleeps, inside the relay's send.
 * On loopback the relay packs events into datagrams of at most 4,096 bytes,
 * each of which waits at most 2 ms from its first event.
 */
export function oscWakeNote(comparison: OscComparison): string {
  const [without, withOsc] = comparison.rows;
  if (!without || !withOsc) return '';
  const tally = withOsc.tally;
  const perDatagram =
    tally && tally.sent.datagrams > 0 ? tally.sent.messages / tally.sent.datagrams : NaN;
  return (
    'With the target the relay packed the events into datagrams of at most 4,096 bytes, as it ' +
    'does for a loopback target (each event still its own bundle), each of which went when ' +
    `full or 2 ms after its first event: ${fmt(perDatagram, 1)} OSC messages a datagram on ` +
    'average, the refresh included (a full one holds 26 updates of a three-digit slot, 104 ' +
    'messages). ' +
    "On loopback the kernel delivers each one into the receiver's socket, and wakes " +
    "the receiver if it sleeps, within the relay's own send: the relay's CPU pays for both " +
    `ends. The receiver went to sleep ${fmt(withOsc.receiverSleepsPerSecond, 0)} times a ` +
    "second, to be woken by the next datagram, and the kernel preempted the relay's thread " +
    `${fmt(withOsc.relayPreemptionsPerSecond, 0)} times a second, against ` +
    `${fmt(without.relayPreemptionsPerSecond, 0)} without the target; a preempted relay ` +
    'holds the messages it has read until it runs again.' +
    stoppedAgainstReading(comparison)
  );
}

/** A ratio as a signed percentage change: 1.06 is "+6 %", 0.97 "−3 %". */
const change = (ratio: number) => {
  const percent = Math.round(100 * (ratio - 1));
  return `${percent > 0 ? '+' : percent < 0 ? '−' : ''}${Math.abs(percent)} %`;
};

/**
 * Whether the receiver's wake-ups showed in the relay's figures: the stopped
 * receiver's runs against the reading one's, each repeat's side by side.
 */
function stoppedAgainstReading(comparison: OscComparison): string {
  const [, reading, stopped] = comparison.rows;
  const { cpuRatios, stoppedCpuRatios } = comparison;
  if (!reading || !stopped || stoppedCpuRatios.length !== cpuRatios.length) return '';
  if (cpuRatios.length === 0) return '';
  const ratios = stoppedCpuRatios.map((ratio, index) => ratio / cpuRatios[index]!);
  const low = Math.min(...ratios);
  const high = Math.max(...ratios);
  const figures =
    " With the receiver stopped, so that nothing woke for the datagrams, the relay's CPU a " +
    `message was ${change(median(ratios))} against the receiver reading (the median of ` +
    `${ratios.length} repeats, ${change(low)} to ${change(high)}), and p99 was ` +
    `${fmt(stopped.latencyMs.p99, 2)} against ${fmt(reading.latencyMs.p99, 2)} ms`;
  if (low <= 1 && high >= 1) {
    return (
      `${figures}: the receiver's wake-ups did not show beyond the spread of the repeats, so ` +
      "what the target costs the relay here is its own sending, not the receiver's."
    );
  }
  if (high < 1) return `${figures}: the receiver's wake-ups cost the relay that much.`;
  return `${figures}.`;
}

/**
 * The arm with the receiver stopped, against the one without a target: what
 * the relay's own sending costs when nothing on this machine wakes for it.
 */
export function oscStoppedLine(comparison: OscComparison): string {
  const without = comparison.rows.find((row) => !row.osc);
  const stopped = comparison.rows.find((row) => row.arm === OSC_ARMS[2]?.name);
  if (!without || !stopped || comparison.stoppedCpuRatios.length === 0) return '';
  const ratios = comparison.stoppedCpuRatios;
  return (
    'With the receiver stopped instead (SIGSTOP while the phones play; the relay sends it the ' +
    'same datagrams and the kernel takes each one in, but nothing on this machine is woken ' +
    'for them), a stand-in for a receiver on another machine: relay CPU per message ' +
    `${fmt(stopped.cpuPerMessageUs)} against ${fmt(without.cpuPerMessageUs)} µs, ` +
    `${fmt(comparison.stoppedCpuRatio, 2)}× (the median of ${ratios.length} pairs, ` +
    `${fmt(Math.min(...ratios), 2)}× to ${fmt(Math.max(...ratios), 2)}×), and p99 ` +
    `${fmt(stopped.latencyMs.p99, 2)} ms. The goals above are judged on the receiver that ` +
    'reads, on this machine.'
  );
}

/** Where the lost datagrams went, as far as the kernel and the relay tell. */
export function oscLossNote(tally: OscTally): string {
  const lost = tally.sent.datagrams - tally.received.datagrams;
  const drops =
    `The kernel dropped ${tally.receiverDrops} datagrams at the receiver's socket because its ` +
    `receive buffer (${fmt(tally.receiveBufferBytes / 1024, 0)} KiB, the system's default) was ` +
    'full';
  let why: string;
  if (lost === 0) why = 'The receiver got every datagram the relay sent.';
  else if (lost === tally.receiverDrops) {
    why =
      `${drops}: every datagram lost was lost there, while the receiver fell behind, and none ` +
      'on the way.';
  } else why = `${drops}; ${lost} datagrams were lost in all.`;
  const errors =
    tally.relayErrors === 0
      ? 'The relay counted no send error for its target'
      : `The relay counted ${tally.relayErrors} send errors for its target`;
  const notOsc = tally.malformed === 1 ? '1 datagram was' : `${tally.malformed} datagrams were`;
  const malformed = tally.malformed === 0 ? '' : `; ${notOsc} not OSC`;
  return `${why} ${errors}${malformed}.`;
}

/**
 * The OSC scenario's part of docs/BENCHMARKS.md: how it is run, its margins
 * against the goals, both arms' figures, the counts, and the machine's
 * 1-minute load average as it began and ended (the machine is shared).
 */
export function oscSection(
  comparison: OscComparison,
  options: OscOptions,
  load: { before: number; after: number },
): string {
  const { phones, hz, seconds, warmupSeconds, repeats } = options;
  const tally = comparison.rows.find((row) => row.osc)?.tally ?? null;
  const perUpdate = OSC_MESSAGES_PER.update;
  return [
    `${OSC_HEADING}: ${phones} phones at ${hz} Hz without \`--osc\` and with one target, ` +
      `median of ${repeats} runs each`,
    `The relay as the sweep runs it (a fresh process, the same load generator, ${phones} ` +
      `phones at ${hz} Hz, ${warmupSeconds} s warm-up and ${seconds} s measured, one plain ` +
      'installation measuring phone → installation latency), once without `--osc` and once ' +
      'with `--osc 127.0.0.1:PORT --osc-crowd 0` (the crowd as one is left out, so that the ' +
      'receiver can tell every message apart) to a loopback receiver: a UDP socket with the ' +
      "system's default receive buffer, in a process of its own, that counts the datagrams and " +
      'the OSC messages in their bundles. The receiver runs in both arms, so the machine runs ' +
      'the same processes in each. A third arm sends to the receiver while it is stopped ' +
      '(SIGSTOP), as a stand-in for a receiver on another machine: on these 2 cores a ' +
      "receiver that reads runs beside the relay and the generator, and is woken in the relay's " +
      'own sends. Every arm runs in every repeat, their order reversed each time (A B C, ' +
      'C B A, …), so that drift on this shared machine hurts all alike. Run only this with ' +
      '`BENCH_ONLY=osc npm run bench`; `BENCH_OSC_PHONES` and `BENCH_OSC_REPEATS` change its ' +
      'size, `BENCH_HZ`, `BENCH_SECONDS` and `BENCH_WARMUP` as for the sweep.',
    [...oscTargetLines(comparison), oscStoppedLine(comparison)]
      .filter((line) => line !== '')
      .map((line) => `- ${line}`)
      .join('\n'),
    oscRelayTable(comparison),
    ...(tally ? [oscWakeNote(comparison), oscCountTable(tally), oscLossNote(tally)] : []),
    'Relay CPU per message is its CPU seconds from `/proc` over the measured seconds (and the ' +
      'drain after them) over the updates sent in them, as in the sweep; with a target it ' +
      'includes the refresh. "Cores" is the CPU each process kept busy while sending, the ' +
      'receiver\'s too; "preempted" counts the times the kernel took the relay\'s JavaScript ' +
      'thread off its core while it had work (`nonvoluntary_ctxt_switches`), "slept" the times ' +
      "the receiver's thread waited for the next datagram (`voluntary_ctxt_switches`), a second " +
      'while sending. ' +
      "Sent is what the relay's `/healthz` counts as handed to the kernel " +
      '(`osc.out.targets[0].messages` and `datagrams`), read once the phones had left and the ' +
      "figures had held still for 300 ms; got is the receiver's count at that moment; both " +
      'cover whole runs, warm-up, connects and deletes included. Each update is one bundle of ' +
      `${perUpdate} messages; once a second the refresh sends the count, every present user's ` +
      '`active` and stick values (5 messages: these phones have no sliders), and `active` 0 for ' +
      'each slot freed in the last 5 s. The relay ' +
      "counts messages, not which were whose: the events' share of sent is reckoned from what " +
      `the installation got (${perUpdate} messages an update, ${OSC_MESSAGES_PER.connect} a ` +
      'connect or delete), and the refresh is the rest; the receiver tells a datagram of the ' +
      'refresh by its first address. The load average (1 minute, all work on the machine) was ' +
      `${fmt(load.before, 2)} as the OSC runs began and ${fmt(load.after, 2)} as they ended; ` +
      'on a busy machine the relay waits for a core, and p99 grows first.',
  ].join('\n\n');
}
