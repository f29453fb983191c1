import { describe, expect, it } from 'vitest';
import { Stretch } from '../../../bench/relay/stretch';

describe('a stretch of a load run', () => {
  it('spreads the latencies it was given, sorted numerically', () => {
    const stretch = new Stretch(4);
    for (const ms of [10, 2, 30, 4]) stretch.addLatency(ms);
    expect(stretch.delivered).toBe(4);
    expect(stretch.latency()).toEqual({ p50: 4, p99: 30, max: 30 });
  });

  it('keeps every latency when more arrive than it expected', () => {
    const stretch = new Stretch(1);
    for (let ms = 1; ms <= 100; ms += 1) stretch.addLatency(ms);
    expect(stretch.delivered).toBe(100);
    expect(stretch.latency()).toEqual({ p50: 50, p99: 99, max: 100 });
  });

  it('has no latency before anything arrived', () => {
    const latency = new Stretch(8).latency();
    expect(latency.p99).toBeNaN();
  });
});
