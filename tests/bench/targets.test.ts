import { describe, expect, it } from 'vitest';
import { oscTargetLines, targetLines } from '../../bench/targets';
import type { IdleMemory, SweepRow } from '../../bench/relay/suite';
import { comparison } from './relay/oscFixture';

const row = (phones: number, overrides: Partial<SweepRow> = {}): SweepRow => ({
  mode: 'crowdstick',
  phones,
  deliveredPerSecond: phones * 30,
  lostPercent: 0,
  deletesLost: 0,
  latencyMs: { p50: 0.4, p99: 2, max: 5 },
  warmupP99Ms: 30,
  cpuPerMessageUs: 15,
  relayCores: phones / 2500,
  generatorCores: phones / 2500,
  rssMiB: 80,
  ...overrides,
});

const idle = (kb: number): IdleMemory => ({
  phones: 4000,
  steps: 8,
  marginalBytes: kb * 1000,
  fromStartBytes: kb * 1000,
});

describe('the figures against the targets', () => {
  it('says by how much each goal was met or missed', () => {
    const lines = targetLines([row(1000)], idle(11), 30);
    expect(lines[0]).toContain('15.0 µs (goal ≤ 20): met, 25 % under.');
    expect(lines[1]).toContain('2.00 ms (goal ≤ 10): met, 5.0× under.');
    expect(lines[2]).toContain('p99 30.0 ms: **missed**, 200 % over.');
    expect(lines[3]).toContain('11.0 kB (goal ≤ 10): **missed**, 10 % over.');
  });

  it('names the first count at which the relay thread was saturated', () => {
    const rows = [
      row(1000),
      row(2500, { relayCores: 0.97, latencyMs: { p50: 20, p99: 45, max: 60 } }),
    ];
    expect(targetLines(rows, idle(8), 30).at(-1)).toBe(
      'One relay process runs out at about 2500 phones × 30 Hz (75000 messages a second): ' +
        'it kept 97 % of a core busy (its JavaScript runs on one thread) and p99 rose to 45.0 ms. ' +
        'A bigger crowd needs more than one relay process (not measured here).',
    );
  });

  it('says so when no run reached the goals’ crowd', () => {
    const lines = targetLines([row(200)], idle(8), 30);
    expect(lines[0]).toBe('No run at 1000 phones, so the CPU and p99 goals were not checked.');
    expect(lines.at(-1)).toBe(
      'One relay process had room to spare at every count tried: at 200 phones it kept 8 % of a core busy.',
    );
  });
});

describe('the OSC figures against their targets', () => {
  it('holds the CPU ratio of the runs side by side to the goal, and p99 with a target', () => {
    const [cpu, p99, got] = oscTargetLines(comparison());
    expect(cpu).toBe(
      'Relay CPU per inbound message at 1000 phones with one OSC target against none: 18.0 ' +
        'against 15.0 µs, 1.20× (goal ≤ 1.30×): met, 8 % under; with the target the relay used ' +
        '20 % more CPU, where the goal allows at most 30 % more. The ratio is the median of 5 ' +
        'pairs of runs side by side, 1.15× to 1.30×.',
    );
    expect(p99).toBe(
      'p99 phone → installation at 1000 phones with one OSC target: 2.50 ms (goal ≤ 10): ' +
        'met, 4.0× under; without one, 2.00 ms.',
    );
    expect(got).toBe(
      'OSC messages the loopback receiver got: 3030840 of the 3031000 the relay sent in 5 runs, ' +
        '0.01 % lost (no goal set).',
    );
  });

  it('says by how much a goal was missed', () => {
    const slow = comparison({ latencyMs: { p50: 4, p99: 12, max: 30 } }, [1.3, 1.4, 1.45]);
    const [cpu, p99] = oscTargetLines(slow);
    expect(cpu).toContain(
      '1.40× (goal ≤ 1.30×): **missed**, 8 % over; with the target the relay used 40 %',
    );
    expect(p99).toContain('12.00 ms (goal ≤ 10): **missed**, 20 % over');
  });
});
