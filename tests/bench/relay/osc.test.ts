/**
 * The benchmark's OSC scenario, run small against a real relay and receiver,
 * so that `npm run bench` keeps counting what it says: both arms run, and the
 * receiver got every message the relay says it sent, the events' and the
 * refresh's. Never how fast: figures are the bench's.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

// The scenario spawns its own compiled generator and receiver, so it runs from dist (npm test builds it).
const OSC = resolve(__dirname, '../../../dist/bench/bench/relay/osc.js');
type Osc = typeof import('../../../bench/relay/osc');
let osc: Osc;

beforeAll(async () => {
  if (!existsSync(OSC)) throw new Error('dist/bench is missing: run npm run build:bench first');
  osc = (await import(OSC)) as Osc;
});

describe('the benchmark OSC scenario, run small', () => {
  it('runs the relay without a target, with one, and with one whose receiver is stopped, and the receiver gets all it was sent', async () => {
    const phones = 20;
    const comparison = await osc.oscComparison({
      phones,
      hz: 20,
      seconds: 2,
      warmupSeconds: 0.5,
      repeats: 1,
      log: () => {},
    });
    expect(comparison.rows.map((row) => row.arm)).toEqual(osc.OSC_ARMS.map((arm) => arm.name));
    for (const row of comparison.rows) {
      expect(row).toMatchObject({ phones, runs: 1, lostPercent: 0 });
      expect(row.deliveredPerSecond).toBeGreaterThan(0);
      expect(row.cpuPerMessageUs).toBeGreaterThan(0);
      expect(row.receiverCores).toBeGreaterThanOrEqual(0);
      expect(row.relayPreemptionsPerSecond).toBeGreaterThanOrEqual(0);
    }
    expect(comparison.rows[0]!.tally).toBeNull();
    // Only the arm with a target and a receiver that runs has it wake up.
    expect(comparison.rows[0]!.receiverSleepsPerSecond).toBeLessThan(5);
    expect(comparison.rows[1]!.receiverSleepsPerSecond).toBeGreaterThan(10);
    const stopped = comparison.rows[2]!;
    expect(stopped).toMatchObject({ osc: true, tally: null, receiverCores: 0 });
    expect(stopped.receiverSleepsPerSecond).toBeLessThan(5);
    const tally = comparison.rows[1]!.tally!;
    expect(tally.sent.messages).toBeGreaterThan(0);
    expect(tally.received).toEqual({
      messages: tally.sent.messages,
      datagrams: tally.sent.datagrams,
      events: tally.sent.events,
      refresh: tally.sent.refresh,
    });
    // Every phone's connect, updates and delete, and at least one refresh with all of them in it.
    expect(tally.sent.events).toBeGreaterThan(
      phones * (osc.OSC_MESSAGES_PER.connect + osc.OSC_MESSAGES_PER.delete),
    );
    expect(tally.refreshes).toBeGreaterThan(0);
    expect(tally.sent.refresh).toBeGreaterThan(phones * 5);
    expect(tally).toMatchObject({ receiverDrops: 0, relayErrors: 0, malformed: 0 });
    expect(comparison.cpuRatios).toHaveLength(1);
    expect(comparison.cpuRatio).toBe(comparison.cpuRatios[0]);
    expect(comparison.stoppedCpuRatios).toEqual([
      stopped.cpuPerMessageUs / comparison.rows[0]!.cpuPerMessageUs,
    ]);
  }, 60_000);
});
