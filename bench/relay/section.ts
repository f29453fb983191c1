import { fmt } from '../stats.js';
import { largestUnder, ratioTable, sweepTable } from './report.js';
import {
  BATCH_FRAMES_PER_SECOND,
  type IdleMemory,
  type SweepOptions,
  type SweepRow,
} from './suite.js';

const P99_LIMIT_MS = 10;

/** The relay's part of docs/BENCHMARKS.md, from the sweep and the idle-memory runs. */
export function relaySection(rows: SweepRow[], idle: IdleMemory, options: SweepOptions): string {
  const frameMs = 1000 / BATCH_FRAMES_PER_SECOND;
  return [
    `## Relay: ${options.hz} Hz per phone, ${options.warmupSeconds} s warm-up and ` +
      `${options.seconds} s measured per run, median of ${options.repeats} runs`,
    sweepTable(rows),
    'Latency and loss are those of the updates sent in the measured seconds; "warm-up p99" is ' +
      'that of the updates sent in the warm-up, while a relay that has just started meets a ' +
      'whole crowd moving at once. "Cores" is the CPU each process kept busy while sending: ' +
      "when relay and generator together near the machine's cores, the machine is the limit.",
    '### Crowdstick against the baseline, same run',
    ratioTable(rows),
    `In batched mode the latency includes the wait for the next frame (up to ` +
      `${fmt(frameMs, 0)} ms at ${BATCH_FRAMES_PER_SECOND} frames a second), and "lost" counts ` +
      'states that a later state of the same user replaced within one frame: both by design.',
    `### Largest phone count with p99 under ${P99_LIMIT_MS} ms`,
    largestUnder(rows, P99_LIMIT_MS, frameMs)
      .map((line) => `- ${line}`)
      .join('\n'),
    `### Memory per idle phone`,
    `Up to ${idle.phones} phones that connect and then say nothing, arriving in ${idle.steps} ` +
      `steps with the relay's RSS read after each: ${fmt(idle.marginalBytes / 1000, 1)} kB per ` +
      'phone as the least-squares slope from the first step on (the heap grows in steps of ' +
      'megabytes, which the slope evens out), and ' +
      `${fmt(idle.fromStartBytes / 1000, 1)} kB per phone counted from the empty relay, which ` +
      `includes the heap's one-off growth; median of ${options.repeats}. Goal: at most 10 kB.`,
  ].join('\n\n');
}
