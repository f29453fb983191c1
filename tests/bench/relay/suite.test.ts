/**
 * The benchmark's relay suite, run small against real relays, so that
 * `npm run bench` keeps measuring what it says. It checks what was counted,
 * never how fast: figures are for the benchmark to print.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

// The suite spawns its own compiled scripts, so it runs from dist (npm test builds it).
const SUITE = resolve(__dirname, '../../../dist/bench/bench/relay/suite.js');
type Suite = typeof import('../../../bench/relay/suite');
let suite: Suite;

beforeAll(async () => {
  if (!existsSync(SUITE)) throw new Error('dist/bench is missing: run npm run build:bench first');
  suite = (await import(SUITE)) as Suite;
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
    expect(plain.deliveredPerSecond).toBeGreaterThan(0);
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

  it('reads the relay memory of idle phones arriving in steps', async () => {
    const idle = await suite.idleBytesPerPhone(200, 2, 1);
    expect(idle).toMatchObject({ phones: 200, steps: 2 });
    expect(Number.isFinite(idle.marginalBytes)).toBe(true);
    expect(idle.fromStartBytes).toBeGreaterThan(0);
  }, 60_000);
});
