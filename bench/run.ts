/**
 * `npm run bench`: measures the relay (and the page) and prints the figures;
 * with BENCH_WRITE=1 it also writes them to docs/BENCHMARKS.md. Sizes come
 * from the environment: BENCH_PHONES (comma list), BENCH_HZ, BENCH_SECONDS,
 * BENCH_REPEATS.
 */
import { writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { measureInitialBundle } from './bundleSize.js';
import { describeMachine } from './machine.js';
import { METHOD } from './method.js';
import { targetLines } from './targets.js';
import { bundleTable, pageTable } from './page/report.js';
import { measurePage } from './page/suite.js';
import { largestUnder, ratioTable, sweepTable } from './relay/report.js';
import { idleBytesPerPhone, sweep } from './relay/suite.js';
import { fmt } from './stats.js';

// Compiled to dist/bench/bench/run.js: three levels below the package root.
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const env = process.env;
const numberList = (text: string | undefined, fallback: number[]) =>
  text ? text.split(',').map(Number) : fallback;

const options = {
  phoneCounts: numberList(env.BENCH_PHONES, [50, 200, 500, 1000]),
  hz: Number(env.BENCH_HZ ?? 30),
  seconds: Number(env.BENCH_SECONDS ?? 5),
  repeats: Number(env.BENCH_REPEATS ?? 3),
  installations: 1,
  log: (line: string) => console.error(line),
};
const P99_LIMIT_MS = 10;
const IDLE_PHONES = 2000;
const CPU_SLOWDOWN = 4;

async function main(): Promise<void> {
  const sections: string[] = [];
  const machine = describeMachine();
  console.log(`Machine: ${machine}\n`);

  console.error('Relay sweep:');
  const rows = await sweep(options);
  const idle = await idleBytesPerPhone(IDLE_PHONES, options.repeats);
  const relaySection = [
    `## Relay: ${options.hz} Hz per phone, ${options.seconds} s per run, median of ${options.repeats} runs`,
    sweepTable(rows),
    '### Crowdstick against the baseline, same run',
    ratioTable(rows),
    `In batched mode the latency includes the wait for the next frame (up to ` +
      `${fmt(1000 / 30, 0)} ms at 30 frames a second), and "lost" counts states ` +
      'that a later state of the same user replaced within one frame: both by design.',
    `### Largest phone count with p99 under ${P99_LIMIT_MS} ms`,
    largestUnder(rows, P99_LIMIT_MS)
      .map((line) => `- ${line}`)
      .join('\n'),
    `### Memory per idle phone`,
    `${IDLE_PHONES} phones that connect and then say nothing, in two halves: ` +
      `${fmt(idle.marginalBytes / 1000, 1)} kB of relay RSS per phone over the second half, ` +
      `${fmt(idle.fromStartBytes / 1000, 1)} kB per phone counted from the empty relay ` +
      `(which includes the heap's one-off growth); median of ${options.repeats}. Goal: at most 10 kB.`,
  ].join('\n\n');
  const targets = ['## Against the targets', ...targetLines(rows, idle).map((line) => `- ${line}`)];
  sections.push(targets.join('\n\n'), relaySection);
  console.log(`${targets.join('\n')}\n\n${relaySection}`);

  console.error('Page in Chromium:');
  const page = await measurePage(CPU_SLOWDOWN);
  const pageSection = [
    `## The page: a phone-sized Chromium at ${CPU_SLOWDOWN}x CPU slowdown`,
    pageTable(page, 30),
    '### Initial bundle',
    bundleTable(measureInitialBundle(resolve(ROOT, 'dist/app'))),
  ].join('\n\n');
  sections.push(pageSection);
  console.log(`\n${pageSection}`);

  if (env.BENCH_WRITE === '1') {
    const report = [
      '# Benchmarks',
      `Measured ${new Date().toISOString().slice(0, 10)} on ${machine}.`,
      METHOD,
      ...sections,
    ].join('\n\n');
    writeFileSync(resolve(ROOT, 'docs/BENCHMARKS.md'), `${report}\n`);
    console.error('Wrote docs/BENCHMARKS.md');
  }
}

main().catch((error: Error) => {
  console.error(`bench: ${error.stack ?? error.message}`);
  process.exit(1);
});
