import { table } from '../markdown.js';
import { fmt } from '../stats.js';
import type { ClusterArmRow, ClusterComparison, ClusterOptions } from './cluster.js';
import {
  bestReach,
  clusterCosts,
  CORE_US,
  fanInLimit,
  PROJECTED_NODES,
  reach,
  type ClusterCosts,
} from './clusterProjection.js';

/** The heading the cluster scenario's section starts with, so a run of it alone can find it. */
export const CLUSTER_HEADING = '## More than one process';

/** The p99 the relay is held to (TARGETS.p99Ms), for saying whether an arm kept to it. */
const P99_GOAL_MS = 10;
/** Processes that keep this share of the machine's cores busy have the machine as their limit. */
const MACHINE_FULL = 0.9;

/** Each arm as a row: the sweep's figures, Redis's beside the relay's. */
export function clusterTable(comparison: ClusterComparison): string {
  return table(
    [
      'relay started',
      'sent/s',
      'delivered/s',
      'lost %',
      'p50 ms',
      'p99 ms',
      'max ms',
      'relay CPU µs/msg',
      'Redis CPU µs/msg',
      'cores: relay + generator + Redis',
      "each node's cores",
      'events a PUBLISH',
      'relay RSS MiB',
    ],
    comparison.rows.map((row) => [
      row.arm,
      fmt(row.sentPerSecond, 0),
      fmt(row.deliveredPerSecond, 0),
      fmt(row.lostPercent, 2),
      fmt(row.latencyMs.p50, 2),
      fmt(row.latencyMs.p99, 2),
      fmt(row.latencyMs.max, 1),
      fmt(row.cpuPerMessageUs, 1),
      row.redis ? fmt(row.redisCpuPerMessageUs, 2) : '–',
      [row.relayCores, row.generatorCores, row.redisCores].map((c) => fmt(c, 2)).join(' + '),
      row.nodeCores.map((c) => fmt(c, 2)).join(', '),
      fmt(row.eventsPerPublish, 1),
      fmt(row.rssMiB, 0),
    ]),
  );
}

const armOf = (comparison: ClusterComparison, redis: boolean, nodes: number) =>
  comparison.rows.find((row) => row.redis === redis && row.nodes === nodes);

/** "p99 4.32 ms (under the 10 ms goal)" */
const p99Of = (row: ClusterArmRow) =>
  `p99 ${fmt(row.latencyMs.p99, 2)} ms (${row.latencyMs.p99 <= P99_GOAL_MS ? 'under' : 'over'} ` +
  `the ${P99_GOAL_MS} ms goal)`;

/** The generator is said to fall short when it sends less than this share of what it was asked. */
const GENERATOR_SHORT = 0.95;

/** Where the generator, sharing the machine, sent less than the phones were set to. */
function shortfallLine(comparison: ClusterComparison, hz: number): string[] {
  const asked = (comparison.rows[0]?.phones ?? NaN) * hz;
  const short = comparison.rows.filter((row) => row.sentPerSecond < GENERATOR_SHORT * asked);
  if (short.length === 0) return [];
  const each = short.map(
    (row) =>
      `${fmt(row.sentPerSecond, 0)} with ${row.arm} (${fmt(row.generatorCores, 2)} of a core)`,
  );
  return [
    `The generator fell short of the ${fmt(asked, 0)} updates a second asked of it where it ` +
      `got too little of the machine: it sent ${each.join(', ')}. Loss and CPU per update ` +
      'count what it sent.',
  ];
}

/** The measured findings: what Redis costs a node and itself, and what two nodes did on this machine. */
export function clusterFindings(
  comparison: ClusterComparison,
  hz: number,
  machineCores: number,
): string[] {
  const alone = armOf(comparison, false, 1);
  const one = armOf(comparison, true, 1);
  const two = armOf(comparison, true, 2);
  if (!alone || !one || !two) return ['The cluster scenario did not run all three arms.'];
  const ratios = comparison.redisCpuRatios;
  const more = Math.round(100 * (comparison.redisCpuRatio - 1));
  const busy = two.relayCores + two.generatorCores + two.redisCores;
  const machine =
    busy >= MACHINE_FULL * machineCores
      ? 'so the machine, not the nodes, was the limit'
      : `leaving ${fmt(machineCores - busy, 2)} cores to spare`;
  return [
    `What Redis costs a node: one relay with \`--redis\` spent ${fmt(one.cpuPerMessageUs, 1)} µs ` +
      `of CPU per update against ${fmt(alone.cpuPerMessageUs, 1)} without, ` +
      `${fmt(comparison.redisCpuRatio, 2)}× (${more >= 0 ? `${more} % more` : `${-more} % less`}; ` +
      `the median of ${ratios.length} pairs of runs side by side, ` +
      `${fmt(Math.min(...ratios), 2)}× to ${fmt(Math.max(...ratios), 2)}×). Its thread was ` +
      `busy ${fmt(one.relayCores, 2)} of a core against ${fmt(alone.relayCores, 2)}; ` +
      `${p99Of(one)} against ${p99Of(alone)}. A node pays for Redis per PUBLISH, not per ` +
      'update: it publishes what each turn of its event loop accepted as one message, and ' +
      `hears that message back. This node sent ${fmt(one.eventsPerPublish, 1)} events a ` +
      'PUBLISH, so the more it fell behind, the less each update paid; a node with room to ' +
      'spare takes fewer events a turn and pays more for each (the two nodes here sent ' +
      `${fmt(two.eventsPerPublish, 1)} a PUBLISH).`,
    `What Redis itself spent: ${fmt(one.redisCpuPerMessageUs, 2)} µs per update with one node ` +
      `and ${fmt(two.redisCpuPerMessageUs, 2)} with two (${fmt(one.redisCores, 2)} and ` +
      `${fmt(two.redisCores, 2)} of a core), with ${fmt(one.eventsPerPublish, 1)} and ` +
      `${fmt(two.eventsPerPublish, 1)} events a PUBLISH; each PUBLISH goes to every node.`,
    `Two nodes behind one port (\`--workers 2 --redis\`) delivered ` +
      `${fmt(two.deliveredPerSecond, 0)} updates a second to the one installation, ` +
      `${fmt(two.lostPercent, 2)} % lost, ${p99Of(two)}, against ` +
      `${fmt(alone.deliveredPerSecond, 0)} and ${p99Of(alone)} for one relay alone. This ` +
      `machine has ${machineCores} cores, and the two nodes, Redis and the generator shared ` +
      `them: together they kept ${fmt(busy, 2)} cores busy (relay ${fmt(two.relayCores, 2)}, ` +
      `generator ${fmt(two.generatorCores, 2)}, Redis ${fmt(two.redisCores, 2)}), ${machine}. ` +
      'The two-node figures here are not what two machines give: see the projection below.',
    ...shortfallLine(comparison, hz),
  ];
}

const rate = (perSecond: number) => fmt(perSecond, 0);
const phonesAt = (perSecond: number, hz: number) => fmt(perSecond / hz, 0);

/** Smaller batches than the single node's cost the two nodes more per update, which `heard` takes in. */
const BATCHES_APART = 2;

/** What else `heard` takes in, when the two runs published batches of very different sizes. */
function heardCaveat(costs: ClusterCosts): string {
  const [one, two] = costs.batches;
  if (!(two * BATCHES_APART < one)) return '';
  return (
    'That difference takes in all else that differs between the two runs, above all ' +
    `publishing: the two nodes sent ${fmt(two, 1)} events a PUBLISH against the single ` +
    `node's ${fmt(one, 1)}, so it is likely more than hearing alone costs, and the ` +
    'projection errs low. '
  );
}

/** The projection's model, in words and this run's figures. */
export function projectionModel(costs: ClusterCosts, hz: number): string {
  const [busy, quiet] = costs.twoNodeCores;
  return (
    '**A projection, not a measurement**, from the figures above. A node with Redis spends ' +
    `own = ${fmt(costs.own, 1)} µs of CPU on each update of its own phones (one relay with ` +
    `\`--redis\`). Two nodes spent ${fmt(costs.twoNodes, 1)} µs per update between them, so ` +
    `a node that hears an update from another node spends heard = ${fmt(costs.twoNodes, 1)} − ` +
    `${fmt(costs.own, 1)} = ${fmt(costs.heard, 1)} µs on it. ${heardCaveat(costs)}Of the two, ` +
    'the busier node, the ' +
    'one that held the installation (it did all the other did, and sent every update on to ' +
    `the installation), kept ${fmt(busy, 2)} of a core busy and the other ${fmt(quiet, 2)}, at ` +
    `${rate(costs.twoNodeRate)} updates a second, so passing an update on to one installation ` +
    `costs installation = (${fmt(busy, 2)} − ${fmt(quiet, 2)}) / ${rate(costs.twoNodeRate)} = ` +
    `${fmt(costs.installation, 1)} µs. In a cluster of N nodes, each on a core of its own with ` +
    "one installation, a node takes 1/N of the crowd's updates as its own and hears the other " +
    '(N − 1)/N and passes them to its installation: per update of the whole crowd it spends ' +
    `(${fmt(costs.own, 1)} + (N − 1) × (${fmt(costs.heard, 1)} + ` +
    `${fmt(costs.installation, 1)})) / N µs, and its core (${rate(CORE_US)} µs a second) is full ` +
    `at ${rate(CORE_US)} over that. A node without an installation spends ` +
    `${fmt(costs.installation, 1)} µs less on each update it hears, so the nodes that hold ` +
    `installations fill first. Redis spent ${fmt(costs.redis, 2)} µs per update with two nodes; ` +
    'it writes every message to every node, and the model takes all of its cost to be that ' +
    `writing, so with N nodes it spends ${fmt(costs.redis, 2)} × N / 2 µs per update (more ` +
    'than it would: reading each message once does not grow with N), and its one thread is ' +
    `full at ${rate(CORE_US)} over that. Phones are at ${hz} Hz.`
  );
}

/** The model at each size shown. */
export function projectionTable(costs: ClusterCosts, hz: number): string {
  return table(
    [
      'nodes',
      'cores: nodes + Redis',
      "a node's CPU per update, µs",
      'nodes full at, updates/s',
      "Redis's CPU per update, µs",
      'Redis full at, updates/s',
      `the cluster carries, phones at ${hz} Hz`,
      'limited by',
    ],
    PROJECTED_NODES.map((nodes) => reach(costs, nodes)).map((r) => [
      String(r.nodes),
      `${r.nodes} + 1`,
      fmt(r.nodeUs, 2),
      rate(r.nodeLimit),
      fmt(r.redisUs, 2),
      rate(r.redisLimit),
      phonesAt(r.carries, hz),
      r.limitedBy === 'nodes' ? 'the nodes' : "Redis's thread",
    ]),
  );
}

/** What the projection says, and what it leaves out. */
export function projectionLimits(costs: ClusterCosts, hz: number, machineCores: number): string {
  const fanIn = fanInLimit(costs);
  const best = bestReach(costs);
  const by = best.limitedBy === 'nodes' ? 'the nodes' : "Redis's one thread";
  return [
    `However many nodes, the cluster carries no more than ${rate(CORE_US)} / ` +
      `(${fmt(costs.heard, 1)} + ${fmt(costs.installation, 1)}) = ${rate(fanIn)} updates a ` +
      `second (${phonesAt(fanIn, hz)} phones at ${hz} Hz), what one core can hear and pass ` +
      "on: every installation on every node gets every phone's events, so each node's work " +
      'grows with the whole crowd, not with its share of it, and each more installation on a ' +
      `node adds ${fmt(costs.installation, 1)} µs per update to that node. Of the sizes shown, ` +
      `${best.nodes} nodes carry the most, ${rate(best.carries)} updates a second ` +
      `(${phonesAt(best.carries, hz)} phones at ${hz} Hz), limited by ${by}.`,
    'These are ceilings, with every thread full: latency grows before a thread is full (the ' +
      "sweep's p99 passes 10 ms while one relay's thread is still short of a core). And the " +
      "costs are this run's, whose nodes, Redis and generator took turns on " +
      `${machineCores} cores: nodes on machines of their own, at other loads, publishing ` +
      'other batches, would show other figures. The model leaves out the network between ' +
      'machines, and Redis run with I/O threads or sharded, which would move its limit.',
  ].join('\n\n');
}

/**
 * The cluster scenario's part of docs/BENCHMARKS.md: how it is run, what a
 * node costs with Redis, the arms side by side, the machine they shared, and
 * the projection past it, with the machine's 1-minute load average as the
 * runs began and ended (the machine is shared).
 */
export function clusterSection(
  comparison: ClusterComparison,
  options: ClusterOptions,
  machineCores: number,
  load: { before: number; after: number },
): string {
  const { phones, hz, seconds, warmupSeconds, repeats } = options;
  const costs = clusterCosts(comparison);
  const projection =
    typeof costs === 'string'
      ? [`No projection from this run: ${costs}.`]
      : [
          projectionModel(costs, hz),
          projectionTable(costs, hz),
          projectionLimits(costs, hz, machineCores),
        ];
  return [
    `${CLUSTER_HEADING}: ${phones} phones at ${hz} Hz on one relay, on one with Redis, and on ` +
      `two nodes behind one port, median of ${repeats} runs each`,
    `The relay as the sweep runs it (a fresh process, the same load generator, ${phones} phones ` +
      `at ${hz} Hz, ${warmupSeconds} s warm-up and ${seconds} s measured, one plain installation ` +
      'measuring phone → installation latency), started three ways: alone; with `--redis` to a ' +
      'redis-server of its own, one node of a cluster of one; and with `--workers 2 --redis`, two ' +
      "nodes behind one port, to which Node's cluster module hands the connections in turn, so " +
      "that the installation lands on one node and hears the other node's phones through Redis. " +
      'Each arm has `--max-phones` set to the phones. Every run starts a fresh redis-server ' +
      "(Debian's, no persistence), the first arm's too, unused, so that the machine runs the " +
      'same processes in each. All three arms run in every repeat, their order turned round ' +
      'each time (A B C, C B A, …). Run only this with `BENCH_ONLY=cluster npm run bench`; ' +
      '`BENCH_CLUSTER_PHONES`, `BENCH_CLUSTER_HZ` and `BENCH_CLUSTER_REPEATS` change its size, ' +
      '`BENCH_SECONDS` and `BENCH_WARMUP` as for the sweep.',
    clusterFindings(comparison, hz, machineCores)
      .map((line) => `- ${line}`)
      .join('\n'),
    clusterTable(comparison),
    'Relay CPU per message is the CPU seconds from `/proc` of every relay process (with ' +
      'workers the primary and both workers, found from their parent pids in `/proc/*/stat`) ' +
      'over the measured seconds and the drain after them, over the updates sent in them, as ' +
      "in the sweep. Redis's is its process's CPU over the measured seconds, all its threads, " +
      'over the same updates. "Cores" is the CPU each kept busy while sending; "each node\'s ' +
      'cores" is the same for each node apart, the busiest first (the primary, which only hands ' +
      'connections over, is left out). "Events a PUBLISH" is every event the installation got ' +
      "in a run, warm-up, connects and deletes included, over Redis's count of PUBLISH commands " +
      '(`INFO commandstats`) in that run. RSS is added up over the relay processes, so pages ' +
      'they share are counted in each. The load average (1 minute, all work on the machine) was ' +
      `${fmt(load.before, 2)} as the cluster runs began and ${fmt(load.after, 2)} as they ended.`,
    '### How far a cluster goes: a projection',
    ...projection,
  ].join('\n\n');
}
