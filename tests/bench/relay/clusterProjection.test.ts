import { describe, expect, it } from 'vitest';
import {
  bestReach,
  clusterCosts,
  fanInLimit,
  reach,
  type ClusterCosts,
} from '../../../bench/relay/clusterProjection';
import { comparison } from './clusterFixture';

const costsOf = (...args: Parameters<typeof comparison>): ClusterCosts => {
  const costs = clusterCosts(comparison(...args));
  if (typeof costs === 'string') throw new Error(costs);
  return costs;
};

describe('the cluster projection', () => {
  it('takes each cost from the arm that shows it', () => {
    const costs = costsOf();
    expect(costs.own).toBe(17.5);
    expect(costs.heard).toBeCloseTo(3.5, 9);
    // (0.66 − 0.54) cores over 60,000 updates a second.
    expect(costs.installation).toBeCloseTo(2, 9);
    expect(costs.redis).toBe(3.2);
    expect(costs.batches).toEqual([30, 12]);
  });

  it('gives one node what its core carries at its own cost, and no more than Redis carries', () => {
    const one = reach(costsOf(), 1);
    expect(one.nodeUs).toBe(17.5);
    expect(one.nodeLimit).toBeCloseTo(1e6 / 17.5, 6);
    expect(one.redisUs).toBeCloseTo(1.6, 9);
    expect(one).toMatchObject({ limitedBy: 'nodes', carries: one.nodeLimit });
  });

  it('charges each node its share of its own phones and every other update it hears and passes on', () => {
    const four = reach(costsOf(), 4);
    expect(four.nodeUs).toBeCloseTo((17.5 + 3 * 5.5) / 4, 9);
    expect(four.limitedBy).toBe('nodes');
  });

  it('has Redis write every update to every node, so that its cost grows with the nodes', () => {
    expect(reach(costsOf(), 4).redisUs).toBeCloseTo(6.4, 9);
    const eight = reach(costsOf(), 8);
    expect(eight.redisUs).toBeCloseTo(12.8, 9);
    expect(eight).toMatchObject({ limitedBy: 'Redis', carries: eight.redisLimit });
  });

  it('never lets the nodes carry past the fan-in, however many there are', () => {
    const costs = costsOf();
    expect(fanInLimit(costs)).toBeCloseTo(1e6 / 5.5, 6);
    expect(reach(costs, 1000).nodeLimit).toBeLessThan(fanInLimit(costs));
    expect(reach(costs, 1000).nodeLimit).toBeGreaterThan(reach(costs, 64).nodeLimit);
  });

  it('finds the size that carries the most among those shown', () => {
    expect(bestReach(costsOf())).toMatchObject({ nodes: 4, limitedBy: 'nodes' });
    // With Redis nearly free the nodes are the limit at every size, and the most nodes carry the most.
    expect(bestReach(costsOf({ redisCpuPerMessageUs: 0.01 }))).toMatchObject({ nodes: 64 });
  });

  it('says why there is no projection when the run does not show a cost it needs', () => {
    expect(clusterCosts(comparison({ cpuPerMessageUs: 17 }))).toBe(
      'two nodes spent no more CPU per update than one, so what hearing another node costs did not show',
    );
    expect(clusterCosts(comparison({ nodeCores: [1.2] }))).toBe(
      'the two nodes’ cores were not read apart',
    );
    expect(clusterCosts(comparison({ sentPerSecond: NaN }))).toBe(
      'a figure it needs was not measured',
    );
    expect(clusterCosts(comparison({ redisCpuPerMessageUs: 0 }))).toBe(
      'Redis showed no CPU for the two nodes',
    );
    expect(clusterCosts({ ...comparison(), rows: comparison().rows.slice(0, 2) })).toBe(
      'the run had no single node with --redis or no two nodes',
    );
  });
});
