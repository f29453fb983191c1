import { quantile, type Spread } from '../stats.js';

/**
 * One stretch of a load run (the warm-up, or the measured seconds): the
 * updates sent in it and the latencies of those that arrived. Latencies go
 * into a preallocated buffer, so the generator's own garbage collector does
 * not pause it, and so add to the latencies it measures.
 */
export class Stretch {
  sent = 0;
  private latencies: Float64Array;
  private count = 0;

  constructor(expectedUpdates: number) {
    this.latencies = new Float64Array(Math.max(16, Math.ceil(expectedUpdates)));
  }

  get delivered(): number {
    return this.count;
  }

  addLatency(ms: number): void {
    if (this.count === this.latencies.length) {
      // Only when the guess was short; never in a run that goes to plan.
      const grown = new Float64Array(this.count * 2);
      grown.set(this.latencies);
      this.latencies = grown;
    }
    this.latencies[this.count] = ms;
    this.count += 1;
  }

  latency(): Spread {
    const sorted = this.latencies.slice(0, this.count).sort();
    return { p50: quantile(sorted, 0.5), p99: quantile(sorted, 0.99), max: quantile(sorted, 1) };
  }
}
