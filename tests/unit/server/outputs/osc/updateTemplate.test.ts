import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stickMessages } from '../../../../../server/outputs/osc/oscAddresses';
import { encodeBundle } from '../../../../../server/outputs/osc/oscEncode';
import { updateBundleBytes, writeUpdate } from '../../../../../server/outputs/osc/updateTemplate';

describe('writeUpdate', () => {
  it('writes every update byte for byte as encodeBundle does, whatever was in the buffer', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100_000 }),
        fc.record({ x: fc.double(), y: fc.double(), speed: fc.double(), angle: fc.double() }),
        fc.integer({ min: 0, max: 64 }),
        (slot, stick, offset) => {
          const expected = encodeBundle(stickMessages(slot, stick));
          const into = Buffer.alloc(offset + updateBundleBytes(slot) + 8, 0xaa);
          writeUpdate(slot, stick, into, offset);
          expect(updateBundleBytes(slot)).toBe(expected.length);
          expect(into.subarray(offset, offset + expected.length).equals(expected)).toBe(true);
          // Nothing around it is touched.
          expect(into.subarray(0, offset).every((byte) => byte === 0xaa)).toBe(true);
          expect(into.subarray(offset + expected.length).every((byte) => byte === 0xaa)).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('keeps each slot its own: a second slot does not change the first', () => {
    const stick = { x: 0.5, y: -0.25, speed: 56, angle: 27 };
    const first = Buffer.alloc(updateBundleBytes(3));
    writeUpdate(3, stick, first, 0);
    const other = Buffer.alloc(updateBundleBytes(1234));
    writeUpdate(1234, stick, other, 0);
    const again = Buffer.alloc(updateBundleBytes(3));
    writeUpdate(3, stick, again, 0);
    expect(again.equals(first)).toBe(true);
    expect(other.includes('/crowdstick/1234/angle')).toBe(true);
  });
});
