import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { parseStat, processTree, totalCpuSeconds, treeOf } from '../../../bench/relay/procStats';

/** A /proc/PID/stat line: the fields a kernel writes, with the CPU ticks given. */
const statLine = (pid: number, command: string, ppid: number, utime: number, stime: number) =>
  `${pid} (${command}) S ${ppid} ${pid} ${pid} 0 -1 4194560 5000 0 0 0 ${utime} ${stime} 0 0 ` +
  '20 0 11 0 1000 1200000000 30000 18446744073709551615 1 1 0 0 0 0 0 4096 17922 0 0 0 17 1';

/** A relay's primary (100) with two workers (101, 102), one with a child of its own, and others. */
const MACHINE = [
  statLine(1, 'init', 0, 900, 900),
  statLine(100, 'node', 1, 10, 5),
  statLine(102, 'node (worker 2)', 100, 300, 100),
  statLine(101, 'node) S 7 (', 100, 250, 50),
  statLine(103, 'sh', 101, 1, 1),
  statLine(200, 'node', 1, 5000, 5000),
  statLine(201, 'redis-server *:6379', 200, 700, 300),
];

describe('the relay’s processes from /proc', () => {
  it('reads a stat line’s pid, parent and CPU, whatever its command name holds', () => {
    expect(parseStat(statLine(101, 'node) S 7 (', 100, 250, 50), 100)).toEqual({
      pid: 101,
      ppid: 100,
      cpuSeconds: 3,
    });
    expect(parseStat(statLine(9, 'a b', 1, 3, 1), 4).cpuSeconds).toBe(1);
  });

  it('finds a process and every one below it, root first, and sums their CPU', () => {
    const stats = MACHINE.map((line) => parseStat(line, 100));
    const tree = treeOf(stats, 100);
    expect(tree.map((stat) => stat.pid)).toEqual([100, 101, 102, 103]);
    // (10 + 5) + (250 + 50) + (300 + 100) + (1 + 1) ticks at 100 a second.
    expect(totalCpuSeconds(tree)).toBeCloseTo(7.17, 9);
    expect(treeOf(stats, 103).map((stat) => stat.pid)).toEqual([103]);
    expect(treeOf(stats, 999)).toEqual([]);
  });

  it('finds a child this process started in the machine’s own /proc', async () => {
    const child = spawn('sleep', ['30']);
    await once(child, 'spawn');
    try {
      const tree = processTree(process.pid);
      expect(tree[0]).toBe(process.pid);
      expect(tree).toContain(child.pid);
    } finally {
      child.kill('SIGKILL');
    }
    await once(child, 'exit');
    expect(processTree(process.pid)).not.toContain(child.pid);
  });
});
