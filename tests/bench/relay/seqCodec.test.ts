import { describe, expect, it } from 'vitest';
import { decodeSeq, encodeSeq } from '../../../bench/relay/seqCodec';
import { parseControllerMessage } from '../../../src/shared/protocol';

describe("the bench's message numbers hidden in x and y", () => {
  it.each([0, 1, 1000, 2000, 2001, 2002, 123_456, 4_004_000])(
    'survive the trip through a contract update: %i',
    (seq) => {
      const { x, y } = encodeSeq(seq);
      const text = JSON.stringify({ type: 'update', sliderId: 1, x, y, speed: 50, angle: 90 });
      const parsed = parseControllerMessage(text);
      if (!parsed.ok || parsed.message.type !== 'update') throw new Error(`rejected: ${text}`);
      expect(decodeSeq(parsed.message.x, parsed.message.y)).toBe(seq);
    },
  );
});
