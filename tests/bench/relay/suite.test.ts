/**
 * The benchmark's relay suite, run small against real relays, so that
 * `npm run bench` keeps measuring what it says. It checks what was counted,
 * never how fast: figures are for the benchmark to print.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LoadConfig, LoadResult } from '../../../bench/relay/loadgen';

// The suite spawns its own compiled scripts, so it runs from dist (npm test builds it).
const BENCH = resolve(__dirname, '../../../dist/bench/bench/relay');
type Suite = typeof import('../../../bench/relay/suite');
type RunChild = typeof import('../../../bench/relay/runChild');
type SpawnRelay = typeof import('../../../bench/relay/spawnRelay');
let suite: Suite;
let runChild: RunChild['runChild'];
let spawnRelay: SpawnRelay['spawnRelay'];

beforeAll(async () => {
  if (!existsSync(BENCH)) throw new Error('dist/bench is missing: run npm run build:bench first');
  suite = (await import(resolve(BENCH, 'suite.js'))) as Suite;
  ({ runChild } = (await import(resolve(BENCH, 'runChild.js'))) as RunChild);
  ({ spawnRelay } = (await import(resolve(BENCH, 'spawnRelay.js'))) as SpawnRelay);
});

describe('the benchmark relay suite, run small', () => {
  it('plays phones against each relay and counts every update and delete', async () => {
    const rows = await suite.sweep({
      phoneCounts: [20],
      hz: 20,
      seconds: 1,
      warmupSeconds: 0.5,
      repeats: 1,
      installations: 1,
      log: () => {},
    });
    expect(rows.map((row) => row.mode)).toEqual(suite.MODES.map((mode) => mode.name));
    const plain = rows.find((row) => row.mode === 'crowdstick')!;
    // Every update sent in the measured second was delivered, and so was every delete.
    expect(plain.lostPercent).toBe(0);
    expect(plain.deletesLost).toBe(0);
    for (const row of rows) {
      expect(row.latencyMs.p50).toBeGreaterThan(0);
      expect(row.latencyMs.max).toBeGreaterThanOrEqual(row.latencyMs.p99);
      expect(Number.isFinite(row.warmupP99Ms)).toBe(true);
      expect(row.cpuPerMessageUs).toBeGreaterThan(0);
      expect(row.rssMiB).toBeGreaterThan(0);
    }
  }, 60_000);

  it('counts each update of a run once: exactly as many delivered as sent, every join and leave', async () => {
    const relay = await spawnRelay('crowdstick');
    try {
      const phones = 20;
      const run = await runChild<LoadResult>('loadgen.js', {
        relay: 'crowdstick',
        port: relay.port,
        relayPid: relay.pid,
        phones,
        hz: 20,
        seconds: 1,
        warmupSeconds: 0.5,
        installations: 1,
      } satisfies LoadConfig);
      // Each phone sends every 50 ms, so each sent in the measured second.
      expect(run.sent).toBeGreaterThanOrEqual(phones);
      // Lost or doubled, an update would make these differ.
      expect(run.delivered).toBe(run.sent);
      expect(run.lost).toBe(0);
      expect(run.seen.updates).toBeGreaterThanOrEqual(run.sent);
      expect(run.seen).toMatchObject({ connects: phones, deletes: phones });
      expect(run.deletesLost).toBe(0);
    } finally {
      await relay.stop();
    }
  }, 60_000);

  it('reads the relay memory of idle phones arriving in steps', async () => {
    const idle = await suite.idleBytesPerPhone(200, 2, 1);
    expect(idle).toMatchObject({ phones: 200, steps: 2 });
    expect(Number.isFinite(idle.marginalBytes)).toBe(true);
    expect(idle.fromStartBytes).toBeGreaterThan(0);
  }, 60_000);
});
