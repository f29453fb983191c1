import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second, the unit of /proc/PID/stat's CPU times. */
const TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

/** What one line of /proc/PID/stat says of a process: who it is, its parent, its CPU so far. */
export interface ProcStat {
  pid: number;
  ppid: number;
  /** User + system CPU seconds, all its threads together. */
  cpuSeconds: number;
}

/** Reads a /proc/PID/stat line; `ticksPerSecond` is the kernel's unit (CLK_TCK). */
export function parseStat(stat: string, ticksPerSecond = TICKS_PER_SECOND): ProcStat {
  // The command name (field 2) may hold spaces and parentheses; fields count from after its last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return {
    pid: Number.parseInt(stat, 10),
    ppid: Number(fields[1]),
    cpuSeconds: (utime + stime) / ticksPerSecond,
  };
}

/**
 * CPU seconds (user + system) a process has used so far, as the kernel counts
 * them in /proc/PID/stat: measured, not estimated from wall time.
 */
export function cpuSeconds(pid: number): number {
  return readStat(pid).cpuSeconds;
}

/** /proc/PID/stat of one process, now. */
export function readStat(pid: number): ProcStat {
  return parseStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
}

/**
 * `root` and every process below it (children, their children), root first,
 * then by pid, from the stats of every process on the machine; empty when
 * `root` is not among them.
 */
export function treeOf(stats: readonly ProcStat[], root: number): ProcStat[] {
  const top = stats.find((stat) => stat.pid === root);
  if (!top) return [];
  const tree = [top];
  // Breadth first: a pid is reused only after its process is gone, so no loop can form.
  for (let at = 0; at < tree.length; at += 1) {
    const parent = tree[at]!.pid;
    tree.push(...stats.filter((stat) => stat.ppid === parent).sort((a, b) => a.pid - b.pid));
  }
  return tree;
}

/** The CPU seconds of processes together: a relay's primary and its workers, say. */
export const totalCpuSeconds = (stats: readonly ProcStat[]): number =>
  stats.reduce((sum, stat) => sum + stat.cpuSeconds, 0);

/** Every process's stat now; one that exits while they are read is left out. */
function allStats(): ProcStat[] {
  const stats: ProcStat[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      stats.push(readStat(Number(name)));
    } catch {
      // Gone between the listing and the read.
    }
  }
  return stats;
}

/**
 * The pids of `root` and every process below it, root first (a relay started
 * with `--workers N`: its primary, then the workers). Read once, when all
 * run: a scan of /proc is too slow to repeat while phones are sending.
 */
export function processTree(root: number): number[] {
  return treeOf(allStats(), root).map((stat) => stat.pid);
}

/** Resident memory of a process in bytes, from /proc/PID/status. */
export function rssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /VmRSS:\s+(\d+) kB/.exec(status);
  if (!match) throw new Error(`no VmRSS for process ${pid}`);
  return Number(match[1]) * 1024;
}

/**
 * The open-file limit this process runs under (Node raises its soft limit to
 * the hard one as it starts, and so do the relay and generators it spawns);
 * Infinity when unlimited or unknown.
 */
export function openFileLimit(): number {
  const limits = readFileSync('/proc/self/limits', 'utf8');
  const match = /^Max open files\s+(\d+)/m.exec(limits);
  return match ? Number(match[1]) : Infinity;
}

/**
 * How often a process's main thread (for Node, its JavaScript thread) has
 * left the CPU so far, from /proc/PID/status: `voluntary` when it went to
 * sleep with nothing to do, `involuntary` when the kernel preempted it to run
 * another task while it still had work.
 */
export function contextSwitches(pid: number): { voluntary: number; involuntary: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const count = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(status)?.[1]);
  return {
    voluntary: count('voluntary_ctxt_switches'),
    involuntary: count('nonvoluntary_ctxt_switches'),
  };
}
