import fc from 'fast-check';
import { toBuffer } from 'osc-min';
import { describe, expect, it } from 'vitest';
import { addressPart, type OscMessage } from '../../../../../server/outputs/osc/oscAddresses';
import { encodeBundle } from '../../../../../server/outputs/osc/oscEncode';

/** osc-min's encoding of the same bundle, the reference. */
function reference(messages: readonly OscMessage[]): Buffer {
  const view = toBuffer({
    timetag: [0, 1],
    elements: messages.map((message) => ({ address: message.address, args: [...message.args] })),
  });
  return Buffer.from(view.buffer, view.byteOffset, view.byteLength);
}

const argument = fc.oneof(
  fc.record({ type: fc.constant('integer' as const), value: fc.integer() }),
  fc.record({ type: fc.constant('float' as const), value: fc.double() }),
);
const message = fc.record({
  address: fc.string({ maxLength: 40 }).map((text) => `/crowdstick/${addressPart(text || 'x')}`),
  args: fc.array(argument, { maxLength: 5 }),
});

describe('encodeBundle', () => {
  it('encodes every bundle byte for byte as osc-min does', () => {
    fc.assert(
      fc.property(fc.array(message, { maxLength: 12 }), (messages) => {
        expect(encodeBundle(messages).equals(reference(messages))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('marks the bundle "immediately", so no receiver holds it for later', () => {
    const datagram = encodeBundle([{ address: '/a', args: [] }]);
    expect(datagram.subarray(0, 16)).toEqual(
      Buffer.from([...Buffer.from('#bundle\0'), 0, 0, 0, 0, 0, 0, 0, 1]),
    );
  });

  it('throws a RangeError, for the caller to count, on an int outside int32', () => {
    expect(() =>
      encodeBundle([{ address: '/a', args: [{ type: 'integer', value: 2 ** 31 }] }]),
    ).toThrow(RangeError);
  });
});
