import { describe, expect, it } from 'vitest';
import { createDatagramWriter } from '../../../../../server/outputs/osc/datagramWriter';
import { encodeBundle } from '../../../../../server/outputs/osc/oscEncode';
import { sendDue, TIMER_STEP_MS } from '../../../../../server/outputs/osc/sendDue';

const WAIT_MS = 2;
const bundle = encodeBundle([{ address: '/crowdstick/1/x', args: [{ type: 'float', value: 1 }] }]);

/** Writers on one clock that the test sets, each counting the datagrams it sent. */
function writersAt(count: number, maxBytes = 4096) {
  const clock = { now: 0 };
  const sent = Array.from({ length: count }, () => 0);
  const writers = sent.map((_, index) =>
    createDatagramWriter(
      maxBytes,
      () => (sent[index] = sent[index]! + 1),
      () => clock.now,
    ),
  );
  const add = (index: number) => {
    const writer = writers[index]!;
    const at = writer.reserve(bundle.length, 1);
    bundle.copy(writer.buffer(), at);
  };
  return { clock, sent, writers, add };
}

describe('sendDue', () => {
  it('returns null and sends nothing while no datagram is being filled', () => {
    const { writers, sent } = writersAt(2);
    expect(sendDue(writers, 10, WAIT_MS)).toBeNull();
    expect(sent).toEqual([0, 0]);
  });

  it('sends a datagram whose first bundle has waited, and none once it went', () => {
    const { clock, writers, sent, add } = writersAt(1);
    add(0);
    clock.now = 1.5;
    add(0);
    expect(sendDue(writers, WAIT_MS, WAIT_MS)).toBeNull();
    expect(sent).toEqual([1]);
    expect(sendDue(writers, 10, WAIT_MS)).toBeNull();
    expect(sent).toEqual([1]);
  });

  it('keeps a datagram opened later waiting until its own first bundle is due', () => {
    const { clock, writers, sent, add } = writersAt(2);
    add(0);
    clock.now = 1.5;
    add(1);
    // At 2 ms the first is due; the second, opened at 1.5 ms, is due at 3.5.
    expect(sendDue(writers, 2, WAIT_MS)).toBe(3.5);
    expect(sent).toEqual([1, 0]);
    expect(sendDue(writers, 3.5, WAIT_MS)).toBeNull();
    expect(sent).toEqual([1, 1]);
  });

  it('sends at once a datagram due sooner than a timer can fire, rather than late', () => {
    const { writers, sent, add } = writersAt(1);
    add(0);
    const justBefore = WAIT_MS - TIMER_STEP_MS / 2;
    expect(sendDue(writers, justBefore, WAIT_MS)).toBeNull();
    expect(sent).toEqual([1]);
  });

  it('returns the soonest of several due later', () => {
    const { clock, writers, sent, add } = writersAt(3);
    clock.now = 5;
    add(0);
    clock.now = 4;
    add(1);
    clock.now = 6;
    add(2);
    expect(sendDue(writers, 4, WAIT_MS)).toBe(6);
    expect(sent).toEqual([0, 0, 0]);
  });
});
