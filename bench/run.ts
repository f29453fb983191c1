/**
 * `npm run bench`: measures the relay (and the page) and prints the figures;
 * with BENCH_WRITE=1 it also writes them to docs/BENCHMARKS.md. Sizes come
 * from the environment: BENCH_PHONES (comma list), BENCH_HZ, BENCH_SECONDS,
 * BENCH_WARMUP (seconds), BENCH_REPEATS, BENCH_IDLE_PHONES.
 */
import { writeFileSync } from 'node:fs';
import * as prettier from 'prettier';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { measureInitialBundle } from './bundleSize.js';
import { describeMachine } from './machine.js';
import { METHOD } from './method.js';
import { targetLines } from './targets.js';
import { bundleTable, pageTable } from './page/report.js';
import { measurePage } from './page/suite.js';
import { relaySection } from './relay/section.js';
import { idleBytesPerPhone, sweep } from './relay/suite.js';

// Compiled to dist/bench/bench/run.js: three levels below the package root.
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const env = process.env;
const numberList = (text: string | undefined, fallback: number[]) =>
  text ? text.split(',').map(Number) : fallback;

const options = {
  phoneCounts: numberList(env.BENCH_PHONES, [50, 200, 500, 1000, 1500, 2000, 2500]),
  hz: Number(env.BENCH_HZ ?? 30),
  seconds: Number(env.BENCH_SECONDS ?? 5),
  warmupSeconds: Number(env.BENCH_WARMUP ?? 1),
  repeats: Number(env.BENCH_REPEATS ?? 3),
  installations: 1,
  log: (line: string) => console.error(line),
};
const IDLE_PHONES = Number(env.BENCH_IDLE_PHONES ?? 4000);
const IDLE_STEPS = 8;
const CPU_SLOWDOWN = 4;

async function main(): Promise<void> {
  const sections: string[] = [];
  const machine = describeMachine();
  console.log(`Machine: ${machine}\n`);

  console.error('Relay sweep:');
  const rows = await sweep(options);
  const idle = await idleBytesPerPhone(IDLE_PHONES, IDLE_STEPS, options.repeats);
  const relay = relaySection(rows, idle, options);
  const targets = [
    '## Against the targets',
    ...targetLines(rows, idle, options.hz).map((line) => `- ${line}`),
  ];
  sections.push(targets.join('\n\n'), relay);
  console.log(`${targets.join('\n')}\n\n${relay}`);

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
    const path = resolve(ROOT, 'docs/BENCHMARKS.md');
    // Aligned tables read better as plain text, where the file is mostly read.
    const style = (await prettier.resolveConfig(path)) ?? {};
    writeFileSync(path, await prettier.format(report, { ...style, filepath: path }));
    console.error('Wrote docs/BENCHMARKS.md');
  }
}

main().catch((error: Error) => {
  console.error(`bench: ${error.stack ?? error.message}`);
  process.exit(1);
});
