import type { ClusterArmRow, ClusterComparison } from './cluster.js';

/**
 * How far a cluster goes past this machine: a model made from the cluster
 * scenario's figures, not a measurement. Each node runs on a core of its own
 * with one installation; Redis runs its one thread on another. The node that
 * holds an installation fills first (one without spends `installation` less
 * on each update), so the model's node is one with an installation.
 */

/** A core's CPU, µs a second: a node's thread, or Redis's, fully busy. */
export const CORE_US = 1e6;

/** The cluster sizes the projection is shown for. */
export const PROJECTED_NODES = [1, 2, 4, 8, 16, 32, 64] as const;

/** What each part of the work costs, in µs of CPU per update, from the measured arms. */
export interface ClusterCosts {
  /** A node with Redis, for each update of its own phones (the single node with `--redis`). */
  own: number;
  /** A node's CPU for each update it only hears from another node: two nodes' CPU per update, less `own`. */
  heard: number;
  /**
   * Sending an update to one installation: with two nodes, the one that held
   * the installation did that for every update and the other for none, so it
   * is the difference of their cores over the updates a second.
   */
  installation: number;
  /** Redis with two nodes subscribed, writing every message to both. */
  redis: number;
  /** Events a PUBLISH with one node and with two: a node that falls behind sends bigger batches. */
  batches: [number, number];
  /** Updates a second in the two nodes' run, and each node's cores in it, busiest first. */
  twoNodeRate: number;
  twoNodeCores: [number, number];
  /** The two nodes' CPU per update, all relay processes together. */
  twoNodes: number;
}

/** One cluster size: what a node and Redis spend per update of the whole crowd, and what each carries. */
export interface Reach {
  nodes: number;
  /** µs of one node's CPU per update of the whole crowd. */
  nodeUs: number;
  /** Updates a second of the whole crowd at which every node's core is full. */
  nodeLimit: number;
  redisUs: number;
  redisLimit: number;
  /** The lower of the two limits, and which one it is. */
  carries: number;
  limitedBy: 'nodes' | 'Redis';
}

/** The arm of `nodes` nodes, with Redis or without. */
const armOf = (rows: readonly ClusterArmRow[], redis: boolean, nodes: number) =>
  rows.find((row) => row.redis === redis && row.nodes === nodes);

/** The costs from the measured arms, or why they cannot be had from this run. */
export function clusterCosts(comparison: ClusterComparison): ClusterCosts | string {
  const one = armOf(comparison.rows, true, 1);
  const two = armOf(comparison.rows, true, 2);
  if (!one || !two) return 'the run had no single node with --redis or no two nodes';
  const [busy, quiet] = two.nodeCores;
  if (busy === undefined || quiet === undefined) return 'the two nodes’ cores were not read apart';
  const costs: ClusterCosts = {
    own: one.cpuPerMessageUs,
    heard: two.cpuPerMessageUs - one.cpuPerMessageUs,
    installation: ((busy - quiet) / two.sentPerSecond) * CORE_US,
    redis: two.redisCpuPerMessageUs,
    batches: [one.eventsPerPublish, two.eventsPerPublish],
    twoNodeRate: two.sentPerSecond,
    twoNodeCores: [busy, quiet],
    twoNodes: two.cpuPerMessageUs,
  };
  const { own, heard, installation, redis, twoNodeRate } = costs;
  const figures = [own, heard, installation, redis, twoNodeRate, busy, quiet];
  if (!figures.every(Number.isFinite)) return 'a figure it needs was not measured';
  if (!(costs.heard > 0)) {
    return 'two nodes spent no more CPU per update than one, so what hearing another node costs did not show';
  }
  if (!(costs.redis > 0)) return 'Redis showed no CPU for the two nodes';
  return costs;
}

/**
 * A cluster of `nodes`, each with one installation: a node takes 1/N of the
 * crowd's updates as its own, and hears the rest from the others and sends
 * them on to its installation.
 */
export function reach(costs: ClusterCosts, nodes: number): Reach {
  const nodeUs = (costs.own + (nodes - 1) * (costs.heard + costs.installation)) / nodes;
  // Every message Redis is sent it writes to every node; all its cost is taken to be that writing.
  const redisUs = (costs.redis * nodes) / 2;
  const nodeLimit = CORE_US / nodeUs;
  const redisLimit = CORE_US / redisUs;
  return {
    nodes,
    nodeUs,
    nodeLimit,
    redisUs,
    redisLimit,
    carries: Math.min(nodeLimit, redisLimit),
    limitedBy: nodeLimit <= redisLimit ? 'nodes' : 'Redis',
  };
}

/** Updates a second that no number of nodes gets past: every node hears every update and sends it on. */
export const fanInLimit = (costs: ClusterCosts): number =>
  CORE_US / (costs.heard + costs.installation);

/** The size, of those shown, that carries the most, and what it carries. */
export function bestReach(costs: ClusterCosts): Reach {
  return PROJECTED_NODES.map((nodes) => reach(costs, nodes)).reduce((best, next) =>
    next.carries > best.carries ? next : best,
  );
}
