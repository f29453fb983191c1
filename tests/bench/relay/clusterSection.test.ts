import { describe, expect, it } from 'vitest';
import type { ClusterOptions } from '../../../bench/relay/cluster';
import { clusterCosts, type ClusterCosts } from '../../../bench/relay/clusterProjection';
import {
  CLUSTER_HEADING,
  clusterFindings,
  clusterSection,
  clusterTable,
  projectionLimits,
  projectionModel,
  projectionTable,
} from '../../../bench/relay/clusterSection';
import { replaceSection } from '../../../bench/markdown';
import { comparison } from './clusterFixture';

const OPTIONS: ClusterOptions = {
  phones: 3000,
  hz: 20,
  seconds: 5,
  warmupSeconds: 1,
  repeats: 3,
  log: () => {},
};

const costs = (): ClusterCosts => clusterCosts(comparison()) as ClusterCosts;

describe("the cluster scenario's report", () => {
  it('shows each arm with the sweep’s figures, Redis’s beside the relay’s, and each node’s cores', () => {
    const lines = clusterTable(comparison()).split('\n');
    expect(lines).toHaveLength(5);
    expect(lines[2]).toBe(
      '| one relay, no Redis | 60000 | 59800 | 0.00 | 2.10 | 25.00 | 60.0 | 14.0 | – | 0.85 + 0.75 + 0.00 | 0.85 | – | 140 |',
    );
    expect(lines[3]).toBe(
      '| one relay with --redis | 60000 | 59500 | 0.00 | 20.00 | 80.00 | 120.0 | 17.5 | 2.00 | 1.00 + 0.70 + 0.12 | 1.00 | 30.0 | 150 |',
    );
    expect(lines[4]).toBe(
      '| --workers 2 --redis | 60000 | 59700 | 0.00 | 8.00 | 40.00 | 90.0 | 21.0 | 3.20 | 1.20 + 0.65 + 0.20 | 0.66, 0.54 | 12.0 | 260 |',
    );
  });

  it('says what Redis costs a node, as the median of the pairs and their range, and that it is paid per PUBLISH', () => {
    const [cost] = clusterFindings(comparison(), 20, 2);
    expect(cost).toBe(
      'What Redis costs a node: one relay with `--redis` spent 17.5 µs of CPU per update ' +
        'against 14.0 without, 1.25× (25 % more; the median of 3 pairs of runs side by side, ' +
        '1.20× to 1.30×). Its thread was busy 1.00 of a core against 0.85; p99 80.00 ms (over ' +
        'the 10 ms goal) against p99 25.00 ms (over the 10 ms goal). A node pays for Redis per ' +
        'PUBLISH, not per update: it publishes what each turn of its event loop accepted as one ' +
        'message, and hears that message back. This node sent 30.0 events a PUBLISH, so the ' +
        'more it fell behind, the less each update paid; a node with room to spare takes fewer ' +
        'events a turn and pays more for each (the two nodes here sent 12.0 a PUBLISH).',
    );
  });

  it('says what Redis itself spent with one node and with two', () => {
    expect(clusterFindings(comparison(), 20, 2)[1]).toBe(
      'What Redis itself spent: 2.00 µs per update with one node and 3.20 with two (0.12 and ' +
        '0.20 of a core), with 30.0 and 12.0 events a PUBLISH; each PUBLISH goes to every node.',
    );
  });

  it('states plainly that two nodes, Redis and the generator shared this machine’s cores', () => {
    const two = clusterFindings(comparison(), 20, 2)[2]!;
    expect(two).toContain('delivered 59700 updates a second to the one installation');
    expect(two).toContain(
      'This machine has 2 cores, and the two nodes, Redis and the generator shared them: ' +
        'together they kept 2.05 cores busy (relay 1.20, generator 0.65, Redis 0.20), so the ' +
        'machine, not the nodes, was the limit.',
    );
    expect(two).toContain('not what two machines give');
    // On a machine with room to spare it says that the room was little, not that it was the limit.
    expect(clusterFindings(comparison(), 20, 8)[2]).toContain('leaving 5.95 cores to spare');
  });

  it('says when an arm is missing rather than reading figures that are not there', () => {
    const partial = { ...comparison(), rows: comparison().rows.slice(0, 2) };
    expect(clusterFindings(partial, 20, 2)).toEqual([
      'The cluster scenario did not run all three arms.',
    ]);
  });

  it('shows the projection’s arithmetic with this run’s figures, and calls it a projection', () => {
    const model = projectionModel(costs(), 20);
    expect(model).toMatch(/^\*\*A projection, not a measurement\*\*/);
    expect(model).toContain('own = 17.5 µs');
    expect(model).toContain('heard = 21.0 − 17.5 = 3.5 µs');
    expect(model).toContain('installation = (0.66 − 0.54) / 60000 = 2.0 µs');
    expect(model).toContain('(17.5 + (N − 1) × (3.5 + 2.0)) / N µs');
    expect(model).toContain('with N nodes it spends 3.20 × N / 2 µs per update');
    expect(model).toContain('the nodes that hold installations fill first');
  });

  it('says the generator fell short where it did, and only then', () => {
    expect(clusterFindings(comparison(), 20, 2)).toHaveLength(3);
    const short = clusterFindings(comparison({ sentPerSecond: 40_000 }), 20, 2);
    expect(short[3]).toBe(
      'The generator fell short of the 60000 updates a second asked of it where it got too ' +
        'little of the machine: it sent 40000 with --workers 2 --redis (0.65 of a core). Loss ' +
        'and CPU per update count what it sent.',
    );
  });

  it('says that heard takes in the cost of smaller batches, when the two runs’ batches were far apart', () => {
    expect(projectionModel(costs(), 20)).toContain(
      "the two nodes sent 12.0 events a PUBLISH against the single node's 30.0, so it is " +
        'likely more than hearing alone costs, and the projection errs low.',
    );
    const near = clusterCosts(comparison({ eventsPerPublish: 20 })) as ClusterCosts;
    expect(projectionModel(near, 20)).not.toContain('errs low');
  });

  it('tabulates each cluster size with both limits and the one that binds', () => {
    const lines = projectionTable(costs(), 20).split('\n');
    expect(lines[0]).toContain('| the cluster carries, phones at 20 Hz | limited by |');
    expect(lines[2]).toBe('| 1 | 1 + 1 | 17.50 | 57143 | 1.60 | 625000 | 2857 | the nodes |');
    expect(lines[4]).toBe('| 4 | 4 + 1 | 8.50 | 117647 | 6.40 | 156250 | 5882 | the nodes |');
    expect(lines[5]).toBe("| 8 | 8 + 1 | 7.00 | 142857 | 12.80 | 78125 | 3906 | Redis's thread |");
  });

  it('names the fan-in that no number of nodes gets past, and the best size shown', () => {
    const limits = projectionLimits(costs(), 20, 2);
    expect(limits).toContain(
      'the cluster carries no more than 1000000 / (3.5 + 2.0) = 181818 updates a second (9091 phones at 20 Hz)',
    );
    expect(limits).toContain('every installation on every node gets every phone');
    expect(limits).toContain(
      '4 nodes carry the most, 117647 updates a second (5882 phones at 20 Hz), limited by the nodes',
    );
    expect(limits).toContain('took turns on 2 cores');
  });

  it('writes one section under its own heading, the projection below the measured figures', () => {
    const section = clusterSection(comparison(), OPTIONS, 2, { before: 1.5, after: 2.25 });
    expect(section.startsWith(CLUSTER_HEADING)).toBe(true);
    expect(section.split('\n')[0]).toBe(
      '## More than one process: 3000 phones at 20 Hz on one relay, on one with Redis, and on ' +
        'two nodes behind one port, median of 3 runs each',
    );
    expect(section.match(/^## /gm)).toHaveLength(1);
    expect(section.indexOf('| relay started |')).toBeLessThan(
      section.indexOf('### How far a cluster goes: a projection'),
    );
    expect(section).toContain('was 1.50 as the cluster runs began and 2.25 as they ended');
    expect(section).toContain('`BENCH_ONLY=cluster npm run bench`');
  });

  it('says why there is no projection instead of making one from figures that do not show it', () => {
    const section = clusterSection(comparison({ cpuPerMessageUs: 16 }), OPTIONS, 2, {
      before: 1,
      after: 1,
    });
    expect(section).toContain(
      'No projection from this run: two nodes spent no more CPU per update than one',
    );
    expect(section).not.toContain('| nodes |');
  });

  it('replaces only its own section in the report, before the page', () => {
    const report = '# Benchmarks\n\n## OSC output: x\n\nosc\n\n## The page: y\n\npage\n';
    const section = clusterSection(comparison(), OPTIONS, 2, { before: 1, after: 1 });
    const written = replaceSection(report, CLUSTER_HEADING, section, '## The page');
    expect(written.indexOf('## OSC output')).toBeLessThan(written.indexOf(CLUSTER_HEADING));
    expect(written.indexOf(CLUSTER_HEADING)).toBeLessThan(written.indexOf('## The page'));
    expect(replaceSection(written, CLUSTER_HEADING, section, '## The page')).toBe(written);
  });
});
