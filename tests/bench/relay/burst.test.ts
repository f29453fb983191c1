/**
 * The benchmark's burst, run small against a real relay, so that `npm run
 * bench` keeps counting what it says: every phone connected and counted, every
 * update sent in the burst delivered. Never how fast: figures are the bench's.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

// The burst spawns its own compiled generator, so it runs from dist (npm test builds it).
const BURST = resolve(__dirname, '../../../dist/bench/bench/relay/burst.js');
type Burst = typeof import('../../../bench/relay/burst');
let burst: Burst;

beforeAll(async () => {
  if (!existsSync(BURST)) throw new Error('dist/bench is missing: run npm run build:bench first');
  burst = (await import(BURST)) as Burst;
});

describe('the benchmark burst, run small', () => {
  it('connects every phone of a burst with each backlog and counts every update', async () => {
    const rows = await burst.burst({
      phones: 50,
      arrivalSeconds: 0.25,
      hz: 20,
      repeats: 1,
      log: () => {},
    });
    expect(rows.map((row) => row.variant)).toEqual(burst.BURST_VARIANTS.map((v) => v.name));
    for (const row of rows) {
      expect(row).toMatchObject({ phones: 50, runs: 1, connected: 50, lost: 0 });
      expect(row.sent).toBeGreaterThan(0);
      expect(row.allConnectedMs).toBeGreaterThan(0);
      expect(row.arrivalSpreadMs).toBeLessThanOrEqual(row.allConnectedMs);
      expect(row.openMs.max).toBeGreaterThanOrEqual(row.openMs.p50);
      expect(row.latencyMs.p50).toBeGreaterThan(0);
      expect(row.latencyMs.max).toBeGreaterThanOrEqual(row.latencyMs.p99);
      expect(Number.isInteger(row.listenOverflows)).toBe(true);
      expect(Number.isInteger(row.synRetransmits)).toBe(true);
      expect(row.runsOverflowed).toBeLessThanOrEqual(row.runs);
      // One run: its worst is its median.
      expect(row.worst.allConnectedMs).toBe(row.allConnectedMs);
    }
  }, 60_000);
});
