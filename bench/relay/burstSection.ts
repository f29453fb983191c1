import { table } from '../markdown.js';
import { fmt } from '../stats.js';
import {
  BURST_VARIANTS,
  NODE_LISTEN_BACKLOG,
  SLOW_OPEN_MS,
  type BurstOptions,
  type BurstRow,
} from './burst.js';
import { somaxconn } from './kernelTcp.js';

/** The heading the burst's section starts with, so a run of the burst alone can find it. */
export const BURST_HEADING = '## A burst';

/** "1.39 (2.88)": the median, and the worst run in brackets. */
const withWorst = (median: number, worst: number, decimals: number) =>
  `${fmt(median, decimals)} (${fmt(worst, decimals)})`;

/** The burst as a table: one row per way of starting the relay. */
export function burstTable(rows: BurstRow[]): string {
  return table(
    [
      'relay started with',
      'backlog (kernel)',
      'arrivals over s',
      'all connected s',
      `opens > ${SLOW_OPEN_MS} ms`,
      'open p50 / p99 / max ms',
      'listen overflows, all runs',
      'SYN retransmits, all runs',
      'updates lost',
      'p50 ms',
      'p99 ms',
      'max ms',
      'cores: relay + generator',
    ],
    rows.map((row) => [
      row.variant,
      fmt(row.kernelBacklog, 0),
      fmt(row.arrivalSpreadMs / 1000, 2),
      withWorst(row.allConnectedMs / 1000, row.worst.allConnectedMs / 1000, 2),
      withWorst(row.slowOpens, row.worst.slowOpens, 0),
      [row.openMs.p50, row.openMs.p99, row.openMs.max].map((ms) => fmt(ms, 0)).join(' / '),
      `${row.listenOverflows} (in ${row.runsOverflowed} of ${row.runs} runs)`,
      fmt(row.synRetransmits, 0),
      fmt(row.lost, 0),
      fmt(row.latencyMs.p50, 1),
      withWorst(row.latencyMs.p99, row.worst.p99Ms, 1),
      fmt(row.latencyMs.max, 1),
      `${fmt(row.relayCores, 2)} + ${fmt(row.generatorCores, 2)}`,
    ]),
  );
}

/**
 * The relay's default against Node's, figure by figure, and whether the
 * backlog came into play at all: it only acts once the kernel's queue is full.
 */
export function burstComparison(rows: BurstRow[], options: BurstOptions): string {
  const node = rows.find((row) => row.variant === BURST_VARIANTS[0]!.name);
  const ours = rows.find((row) => row.variant === BURST_VARIANTS[1]!.name);
  if (!node || !ours) return '';
  const pair = (pick: (row: BurstRow) => number, decimals: number) =>
    `${fmt(pick(ours), decimals)} against ${fmt(pick(node), decimals)}`;
  const lines = [
    `With the relay's default backlog (${fmt(ours.kernelBacklog, 0)}) against ` +
      `${fmt(node.kernelBacklog, 0)}: all connected in ${pair((r) => r.allConnectedMs / 1000, 2)} s, ` +
      `at worst ${pair((r) => r.worst.allConnectedMs / 1000, 2)} s; at worst ` +
      `${pair((r) => r.worst.slowOpens, 0)} phones took over ${SLOW_OPEN_MS} ms to open; the ` +
      `kernel found the queue full in ${pair((r) => r.runsOverflowed, 0)} of ${ours.runs} runs ` +
      `and sent ${pair((r) => r.synRetransmits, 0)} SYNs again; p99 during the burst ` +
      `${pair((r) => r.latencyMs.p99, 1)} ms, at worst ${pair((r) => r.worst.p99Ms, 1)} ms.`,
  ];
  if (node.listenOverflows === 0 && ours.listenOverflows === 0) {
    lines.push(
      `In no run did the kernel find even a ${fmt(node.kernelBacklog, 0)}-connection queue ` +
        'full, so the backlog never came into play here: the rows differ by chance alone.',
    );
  } else if (ours.listenOverflows === 0) {
    const stallSeconds = NODE_LISTEN_BACKLOG / (options.phones / options.arrivalSeconds);
    lines.push(
      `Only the ${NODE_LISTEN_BACKLOG} queue overflowed: when the relay fell more than ` +
        `${NODE_LISTEN_BACKLOG} connections behind (a stall of ${fmt(stallSeconds, 2)} s at ` +
        "this rate), the kernel dropped the next phones' SYNs, and each of those phones waited " +
        'for a retransmit: 1 s, then 3, 7 and 15 s as they repeat.',
    );
  }
  if (ours.worst.slowOpens > 0 && ours.synRetransmits === 0) {
    lines.push(
      "With the relay's default the kernel sent no SYN again, so its opens over " +
        `${SLOW_OPEN_MS} ms did not wait on the listen queue: they waited on the relay and the ` +
        "generator, which share the machine's cores.",
    );
  }
  return lines.join(' ');
}

/**
 * The burst's part of docs/BENCHMARKS.md: how it is run, its table, and the
 * machine's 1-minute load average as it began and ended (the machine is shared,
 * and a stall is what fills the queue).
 */
export function burstSection(
  rows: BurstRow[],
  options: BurstOptions,
  load: { before: number; after: number },
): string {
  const { phones, arrivalSeconds, hz, repeats } = options;
  return [
    `${BURST_HEADING}: ${phones} phones arriving in ${arrivalSeconds} s, median (worst) of ${repeats} runs`,
    `A fresh relay with \`--max-phones ${phones}\` and one installation; then ${phones} phones ` +
      `open their sockets spread evenly over ${arrivalSeconds} s, as a crowd scanning the QR code ` +
      `when the show starts, and each says \`connect\` once open and sends updates at ${hz} Hz ` +
      `until every connect has reached the installation. The relay runs with Node's default ` +
      `listen backlog, ${NODE_LISTEN_BACKLOG}, and with its own, which fits \`--max-phones\` ` +
      `(the kernel caps it at net.core.somaxconn, ${fmt(somaxconn(), 0)} here), the two ` +
      'interleaved in every repeat. A stall that overflows the queue in one run of several is ' +
      'what some crowd will meet, so the worst run is shown in brackets beside the median. Run ' +
      'only this with `BENCH_ONLY=burst npm run bench`; `BENCH_BURST_PHONES`, ' +
      '`BENCH_BURST_SECONDS` and `BENCH_BURST_REPEATS` change its size.',
    burstTable(rows),
    burstComparison(rows, options),
    '"All connected" runs from the first phone\'s attempt until the last connect reached the ' +
      'installation; "arrivals over" is how long the generator took to make every first ' +
      `attempt (more than ${arrivalSeconds} s when it fell behind). An open is the TCP connect ` +
      'and the WebSocket handshake; a SYN the kernel dropped is sent again after 1 s, so its ' +
      `phone's open takes over ${SLOW_OPEN_MS} ms. "Listen overflows" and "SYN retransmits" are ` +
      "the kernel's counts of a full listen queue and of SYNs and SYN-ACKs sent again (TcpExt " +
      'ListenOverflows and TCPSynRetrans, for the whole machine). Latency and loss ' +
      'are those of the updates sent before every connect had arrived, phone send → ' +
      'installation receive. The load average (1 minute, all work on the machine) was ' +
      `${fmt(load.before, 2)} as the burst runs began and ${fmt(load.after, 2)} as they ended; ` +
      'with the machine busy, relay and generator get less than their cores, and stall more.',
  ].join('\n\n');
}
