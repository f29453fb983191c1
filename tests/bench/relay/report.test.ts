import { describe, expect, it } from 'vitest';
import { largestUnder } from '../../../bench/relay/report';
import type { SweepRow } from '../../../bench/relay/suite';

const row = (mode: string, phones: number, p99: number): SweepRow => ({
  mode,
  phones,
  deliveredPerSecond: phones * 30,
  lostPercent: 0,
  deletesLost: 0,
  latencyMs: { p50: p99 / 4, p99, max: p99 * 2 },
  warmupP99Ms: p99 * 3,
  cpuPerMessageUs: 15,
  relayCores: phones / 2500,
  generatorCores: phones / 2500,
  rssMiB: 80,
});

describe('the largest phone count under the p99 limit', () => {
  it('stops at the first count over the limit and names it', () => {
    const rows = [row('plain', 500, 2), row('plain', 1000, 4), row('plain', 2000, 12)];
    expect(largestUnder(rows, 10, 33)).toEqual(['plain: 1000 phones; at 2000, p99 was 12.0 ms']);
  });

  it('does not count a lucky larger run past a failing one', () => {
    const rows = [row('plain', 500, 11), row('plain', 1000, 9)];
    expect(largestUnder(rows, 10, 33)).toEqual([
      'plain: none of the counts tried; at 500, p99 was 11.0 ms',
    ]);
  });

  it('says when every count tried stayed under', () => {
    expect(largestUnder([row('plain', 50, 1), row('plain', 200, 2)], 10, 33)).toEqual([
      'plain: 200 phones, the most tried',
    ]);
  });

  it('explains that a batched installation waits for its frame by design', () => {
    const [line] = largestUnder([row('crowdstick batched 30/s', 50, 33)], 10, 1000 / 30);
    expect(line).toBe(
      'crowdstick batched 30/s: none of the counts tried; at 50, p99 was 33.0 ms ' +
        '(its latency includes the wait for the next frame, up to 33 ms, by design)',
    );
  });
});
