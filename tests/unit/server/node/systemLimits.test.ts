import { describe, expect, it } from 'vitest';
import {
  connectionCap,
  descriptorsNeeded,
  FD_HEADROOM,
  FD_RESERVE,
  kernelBacklogCap,
  openFileLimit,
} from '../../../../server/node/systemLimits';

const LIMITS = `Limit                     Soft Limit           Hard Limit           Units
Max cpu time              unlimited            unlimited            seconds
Max open files            1024                 524288               files
Max locked memory         8388608              8388608              bytes
`;

describe('the system limits', () => {
  it('reads the soft open-file limit from /proc/self/limits', () => {
    expect(openFileLimit(LIMITS)).toBe(1024);
    expect(openFileLimit(LIMITS.replace('1024 ', 'unlimited '))).toBe(Infinity);
    expect(openFileLimit('')).toBeNull();
    expect(openFileLimit(null)).toBeNull();
  });

  it('reads this process’s own limit where Linux tells it', () => {
    expect(openFileLimit()).toBeGreaterThan(0);
  });

  it('reads the kernel’s backlog cap, or nothing from a file that says nothing', () => {
    expect(kernelBacklogCap('4096\n')).toBe(4096);
    expect(kernelBacklogCap('')).toBeNull();
    expect(kernelBacklogCap(null)).toBeNull();
  });

  it('keeps descriptors free of connections below the limit, and caps nothing without one', () => {
    expect(connectionCap(1024)).toBe(1024 - FD_RESERVE);
    expect(connectionCap(Infinity)).toBeNull();
    expect(connectionCap(null)).toBeNull();
    expect(descriptorsNeeded(5000)).toBe(5000 + FD_HEADROOM);
  });
});
