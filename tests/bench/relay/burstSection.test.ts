import { describe, expect, it } from 'vitest';
import { BURST_VARIANTS, type BurstOptions, type BurstRow } from '../../../bench/relay/burst';
import { burstComparison, burstTable } from '../../../bench/relay/burstSection';

const OPTIONS: BurstOptions = {
  phones: 2000,
  arrivalSeconds: 1,
  hz: 30,
  repeats: 5,
  log: () => {},
};

const row = (variant: number, overrides: Partial<BurstRow> = {}): BurstRow => ({
  variant: BURST_VARIANTS[variant]!.name,
  phones: 2000,
  runs: 5,
  connected: 2000,
  kernelBacklog: variant === 0 ? 511 : 2000,
  allConnectedMs: 1100,
  arrivalSpreadMs: 1000,
  slowOpens: 0,
  openMs: { p50: 40, p99: 120, max: 150 },
  listenOverflows: 0,
  runsOverflowed: 0,
  synRetransmits: 0,
  sent: 30_000,
  lost: 0,
  latencyMs: { p50: 10, p99: 60, max: 80 },
  relayCores: 0.7,
  generatorCores: 1,
  worst: { allConnectedMs: 1300, slowOpens: 0, p99Ms: 90 },
  ...overrides,
});

/** A 511 row whose worst run overflowed the queue, so that 150 phones' SYNs were sent again. */
const overflowed = row(0, {
  listenOverflows: 184,
  runsOverflowed: 2,
  synRetransmits: 184,
  worst: { allConnectedMs: 15_540, slowOpens: 150, p99Ms: 100 },
});

describe("the burst's report", () => {
  it('shows each way of starting the relay with its median and, in brackets, its worst run', () => {
    const lines = burstTable([row(0), row(1)]).split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[2]).toContain(
      '| 511 | 1.00 | 1.10 (1.30) | 0 (0) | 40 / 120 / 150 | 0 (in 0 of 5 runs) | 0 | 0 |',
    );
  });

  it('compares the relay default with Node’s, figure by figure', () => {
    expect(burstComparison([overflowed, row(1)], OPTIONS)).toMatch(
      new RegExp(
        "^With the relay's default backlog \\(2000\\) against 511: all connected in 1.10 " +
          'against 1.10 s, at worst 1.30 against 15.54 s; at worst 0 against 150 phones took ' +
          'over 900 ms to open; the kernel found the queue full in 0 against 2 of 5 runs and ' +
          'sent 0 against 184 SYNs again; p99 during the burst 60.0 against 60.0 ms, at worst ' +
          '90.0 against 100.0 ms.',
      ),
    );
  });

  it('explains what an overflow of the old queue costs when only it overflowed', () => {
    expect(burstComparison([overflowed, row(1)], OPTIONS)).toContain(
      'Only the 511 queue overflowed: when the relay fell more than 511 connections behind ' +
        '(a stall of 0.26 s at this rate)',
    );
  });

  it('says when the queue was never full, so the backlog did not come into play', () => {
    expect(burstComparison([row(0), row(1)], OPTIONS)).toContain(
      'the backlog never came into play here',
    );
  });

  it('says when slow opens with the relay default did not wait on the listen queue', () => {
    const slow = row(1, { worst: { ...row(1).worst, slowOpens: 30 } });
    expect(burstComparison([overflowed, slow], OPTIONS)).toContain(
      'its opens over 900 ms did not wait on the listen queue',
    );
    const retransmitted = row(1, { synRetransmits: 3, worst: { ...row(1).worst, slowOpens: 30 } });
    expect(burstComparison([overflowed, retransmitted], OPTIONS)).not.toContain('did not wait');
    expect(burstComparison([overflowed, row(1)], OPTIONS)).not.toContain('did not wait');
  });
});
