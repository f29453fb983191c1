import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createThrottle } from '../../src/throttle';

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('createThrottle', () => {
  it('emits the first value at once', () => {
    const emit = vi.fn();
    createThrottle(100, emit).push('first');
    expect(emit.mock.calls).toEqual([['first']]);
  });

  it('emits nothing while nothing is pushed', () => {
    const emit = vi.fn();
    createThrottle(100, emit);
    vi.advanceTimersByTime(1000);
    expect(emit).not.toHaveBeenCalled();
  });

  it('turns a burst into the first value now and the last one when the interval ends', () => {
    const emit = vi.fn();
    const throttle = createThrottle(100, emit);
    for (let i = 1; i <= 10; i++) throttle.push(i);
    expect(emit.mock.calls).toEqual([[1]]);
    vi.advanceTimersByTime(99);
    expect(emit).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1);
    expect(emit.mock.calls).toEqual([[1], [10]]);
    vi.advanceTimersByTime(1000);
    expect(emit).toHaveBeenCalledTimes(2);
  });

  it('emits at most once per interval during a long drag, ending on the last value', () => {
    const emit = vi.fn();
    const throttle = createThrottle(100, emit);
    for (let t = 0; t < 1000; t += 10) {
      throttle.push(t);
      vi.advanceTimersByTime(10);
    }
    vi.advanceTimersByTime(1000);
    expect(emit).toHaveBeenCalledTimes(11);
    expect(emit).toHaveBeenLastCalledWith(990);
  });

  it('delivers a value pushed as the interval ends', () => {
    const emit = vi.fn();
    const throttle = createThrottle(100, emit);
    throttle.push('a');
    vi.advanceTimersByTime(99);
    throttle.push('b');
    vi.advanceTimersByTime(1);
    expect(emit.mock.calls).toEqual([['a'], ['b']]);
  });

  it('goes out at once again after a quiet interval', () => {
    const emit = vi.fn();
    const throttle = createThrottle(100, emit);
    throttle.push('a');
    vi.advanceTimersByTime(150);
    throttle.push('b');
    expect(emit.mock.calls).toEqual([['a'], ['b']]);
  });

  it('keeps undefined as a value that can wait its turn', () => {
    const emit = vi.fn();
    const throttle = createThrottle<number | undefined>(100, emit);
    throttle.push(1);
    throttle.push(undefined);
    vi.advanceTimersByTime(100);
    expect(emit.mock.calls).toEqual([[1], [undefined]]);
  });

  it('flush sends the waiting value now and leaves nothing for later', () => {
    const emit = vi.fn();
    const throttle = createThrottle(100, emit);
    throttle.push('a');
    throttle.push('b');
    throttle.flush();
    expect(emit.mock.calls).toEqual([['a'], ['b']]);
    vi.advanceTimersByTime(1000);
    expect(emit).toHaveBeenCalledTimes(2);
  });

  it('flush sends nothing when nothing is waiting', () => {
    const emit = vi.fn();
    const throttle = createThrottle(100, emit);
    throttle.push('a');
    throttle.flush();
    expect(emit).toHaveBeenCalledTimes(1);
  });

  it('cancel drops the waiting value, and the next push goes out at once', () => {
    const emit = vi.fn();
    const throttle = createThrottle(100, emit);
    throttle.push('a');
    throttle.push('stale');
    throttle.cancel();
    vi.advanceTimersByTime(1000);
    throttle.push('c');
    expect(emit.mock.calls).toEqual([['a'], ['c']]);
  });
});
