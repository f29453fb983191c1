/**
 * `npm run bench`: measures the relay (and the page) and prints the figures;
 * with BENCH_WRITE=1 it also writes them to docs/BENCHMARKS.md. Sizes come
 * from the environment: BENCH_PHONES (comma list), BENCH_HZ, BENCH_SECONDS,
 * BENCH_WARMUP (seconds), BENCH_REPEATS, BENCH_IDLE_PHONES, for the burst
 * BENCH_BURST_PHONES, BENCH_BURST_SECONDS and BENCH_BURST_REPEATS, and for the
 * OSC output BENCH_OSC_PHONES and BENCH_OSC_REPEATS, and for more than one
 * process BENCH_CLUSTER_PHONES, BENCH_CLUSTER_HZ and BENCH_CLUSTER_REPEATS.
 * BENCH_ONLY=burst, osc, cluster or page runs that scenario alone; with
 * BENCH_WRITE=1 it rewrites only that scenario's section.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import * as prettier from 'prettier';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { measureInitialBundle } from './bundleSize.js';
import { describeMachine } from './machine.js';
import { replaceSection } from './markdown.js';
import { METHOD } from './method.js';
import { TARGETS, targetLines } from './targets.js';
import { bundleTable, pageTable } from './page/report.js';
import { measurePage } from './page/suite.js';
import { burst, type BurstOptions } from './relay/burst.js';
import { openFileLimit } from './relay/procStats.js';
import { BURST_HEADING, burstSection } from './relay/burstSection.js';
import { clusterComparison, type ClusterOptions } from './relay/cluster.js';
import { CLUSTER_HEADING, clusterSection } from './relay/clusterSection.js';
import { oscComparison, type OscOptions } from './relay/osc.js';
import { OSC_HEADING, oscSection } from './relay/oscSection.js';
import { relaySection } from './relay/section.js';
import { REDIS_SERVER } from './relay/spawnRedis.js';
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
const burstOptions: BurstOptions = {
  phones: Number(env.BENCH_BURST_PHONES ?? 2000),
  arrivalSeconds: Number(env.BENCH_BURST_SECONDS ?? 1),
  hz: options.hz,
  repeats: Number(env.BENCH_BURST_REPEATS ?? 10),
  log: options.log,
};
const oscOptions: OscOptions = {
  phones: Number(env.BENCH_OSC_PHONES ?? TARGETS.phones),
  hz: options.hz,
  seconds: options.seconds,
  warmupSeconds: options.warmupSeconds,
  repeats: Number(env.BENCH_OSC_REPEATS ?? 5),
  log: options.log,
};
/** A load one relay process cannot carry on this machine, with Redis. */
const clusterOptions: ClusterOptions = {
  phones: Number(env.BENCH_CLUSTER_PHONES ?? 3000),
  hz: Number(env.BENCH_CLUSTER_HZ ?? 20),
  seconds: options.seconds,
  warmupSeconds: options.warmupSeconds,
  repeats: Number(env.BENCH_CLUSTER_REPEATS ?? 3),
  log: options.log,
};
/** The scenarios that run alone with BENCH_ONLY, each rewriting only its own section. */
const ALONE = ['burst', 'osc', 'cluster', 'page'];
const REPORT = resolve(ROOT, 'docs/BENCHMARKS.md');
const today = () => new Date().toISOString().slice(0, 10);
const PAGE_HEADING = '## The page';
/** Descriptors a process needs besides its phones' sockets: Node's own, the installation. */
const FILES_BESIDES_PHONES = 256;

/** Fails at once, before anything runs, on a setting that cannot be measured. */
function checkSettings(): void {
  if (env.BENCH_ONLY !== undefined && !ALONE.includes(env.BENCH_ONLY)) {
    throw new Error(
      `BENCH_ONLY=${env.BENCH_ONLY}: only "burst", "osc", "cluster" or "page" can be run alone`,
    );
  }
  if (!Number.isInteger(clusterOptions.phones) || clusterOptions.phones < 1) {
    throw new Error(
      `BENCH_CLUSTER_PHONES=${env.BENCH_CLUSTER_PHONES}: want a whole number of phones`,
    );
  }
  if (!(clusterOptions.hz > 0)) {
    throw new Error(`BENCH_CLUSTER_HZ=${env.BENCH_CLUSTER_HZ}: want updates a second above 0`);
  }
  if (!Number.isInteger(clusterOptions.repeats) || clusterOptions.repeats < 1) {
    throw new Error(
      `BENCH_CLUSTER_REPEATS=${env.BENCH_CLUSTER_REPEATS}: want a whole number of runs`,
    );
  }
  if (!Number.isInteger(oscOptions.phones) || oscOptions.phones < 1) {
    throw new Error(`BENCH_OSC_PHONES=${env.BENCH_OSC_PHONES}: want a whole number of phones`);
  }
  if (!Number.isInteger(oscOptions.repeats) || oscOptions.repeats < 1) {
    throw new Error(`BENCH_OSC_REPEATS=${env.BENCH_OSC_REPEATS}: want a whole number of runs`);
  }
  if (!Number.isInteger(burstOptions.phones) || burstOptions.phones < 1) {
    throw new Error(`BENCH_BURST_PHONES=${env.BENCH_BURST_PHONES}: want a whole number of phones`);
  }
  if (!Number.isInteger(burstOptions.repeats) || burstOptions.repeats < 1) {
    throw new Error(`BENCH_BURST_REPEATS=${env.BENCH_BURST_REPEATS}: want a whole number of runs`);
  }
  if (!(burstOptions.arrivalSeconds > 0)) {
    throw new Error(`BENCH_BURST_SECONDS=${env.BENCH_BURST_SECONDS}: want seconds above 0`);
  }
  const runs = (name: string) => env.BENCH_ONLY === undefined || env.BENCH_ONLY === name;
  if (runs('burst')) checkFileLimit(burstOptions.phones, "the burst's", 'BENCH_BURST');
  if (runs('osc')) checkFileLimit(oscOptions.phones, "the OSC runs'", 'BENCH_OSC');
  if (runs('cluster')) {
    checkFileLimit(clusterOptions.phones, "the cluster runs'", 'BENCH_CLUSTER');
    if (!existsSync(REDIS_SERVER)) {
      throw new Error(
        `the cluster runs need redis-server at ${REDIS_SERVER}: install it (apt-get install redis-server) or set REDIS_SERVER_PATH`,
      );
    }
  }
}

/** The generator holds a socket per phone, and so does the relay: both need the descriptors. */
function checkFileLimit(phones: number, of: string, prefix: string): void {
  const files = openFileLimit();
  const needed = phones + FILES_BESIDES_PHONES;
  if (files >= needed) return;
  throw new Error(
    `${of} ${phones} phones need an open-file limit of at least ${needed}, and ulimit -n is ` +
      `${files}: raise it (ulimit -n ${needed}) or lower ${prefix}_PHONES`,
  );
}

/** Writes `markdown` to docs/BENCHMARKS.md, formatted as the repository formats it. */
async function writeReport(markdown: string): Promise<void> {
  // Aligned tables read better as plain text, where the file is mostly read.
  const style = (await prettier.resolveConfig(REPORT)) ?? {};
  writeFileSync(REPORT, await prettier.format(markdown, { ...style, filepath: REPORT }));
  console.error('Wrote docs/BENCHMARKS.md');
}

async function measureBurst(): Promise<string> {
  console.error('Burst:');
  const before = loadavg()[0]!;
  const rows = await burst(burstOptions);
  const section = burstSection(rows, burstOptions, { before, after: loadavg()[0]! });
  console.log(`\n${section}`);
  return section;
}

async function measureOsc(): Promise<string> {
  console.error('OSC output:');
  const before = loadavg()[0]!;
  const comparison = await oscComparison(oscOptions);
  const section = oscSection(comparison, oscOptions, { before, after: loadavg()[0]! });
  console.log(`\n${section}`);
  return section;
}

async function measureCluster(): Promise<string> {
  console.error('More than one process:');
  const before = loadavg()[0]!;
  const comparison = await clusterComparison(clusterOptions);
  const section = clusterSection(comparison, clusterOptions, cpus().length, {
    before,
    after: loadavg()[0]!,
  });
  console.log(`\n${section}`);
  return section;
}

/** The page in a throttled Chromium (the stick's drag, a button's taps) and the initial bundle. */
async function measurePageSection(): Promise<string> {
  console.error('Page in Chromium:');
  const page = await measurePage(CPU_SLOWDOWN);
  const pageSection = [
    `## The page: a phone-sized Chromium at ${CPU_SLOWDOWN}x CPU slowdown`,
    pageTable(page, 30),
    '### Initial bundle',
    bundleTable(measureInitialBundle(resolve(ROOT, 'dist/app'))),
  ].join('\n\n');
  console.log(`\n${pageSection}`);
  return pageSection;
}

/** One scenario alone; written into the report in place of its old section, the rest kept. */
async function scenarioOnly(machine: string, name: string): Promise<void> {
  const [heading, measure] =
    name === 'osc'
      ? [OSC_HEADING, measureOsc]
      : name === 'cluster'
        ? [CLUSTER_HEADING, measureCluster]
        : name === 'page'
          ? [PAGE_HEADING, measurePageSection]
          : [BURST_HEADING, measureBurst];
  const section = await measure();
  if (env.BENCH_WRITE !== '1') return;
  const dated = `${section}\n\nMeasured ${today()} on ${machine}, apart from the rest of this file.`;
  await writeReport(replaceSection(readFileSync(REPORT, 'utf8'), heading, dated, PAGE_HEADING));
}

async function main(): Promise<void> {
  checkSettings();
  const sections: string[] = [];
  const machine = describeMachine();
  console.log(`Machine: ${machine}\n`);
  if (env.BENCH_ONLY !== undefined) return scenarioOnly(machine, env.BENCH_ONLY);

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
  sections.push(await measureBurst());
  sections.push(await measureOsc());
  sections.push(await measureCluster());

  sections.push(await measurePageSection());

  if (env.BENCH_WRITE === '1') {
    const report = ['# Benchmarks', `Measured ${today()} on ${machine}.`, METHOD, ...sections].join(
      '\n\n',
    );
    await writeReport(report);
  }
}

main().catch((error: Error) => {
  console.error(`bench: ${error.stack ?? error.message}`);
  process.exit(1);
});
