import { describe, expect, it } from 'vitest';
import { decodePacket } from '../../../../../server/outputs/osc/oscDecode';
import { createDatagramWriter } from '../../../../../server/outputs/osc/datagramWriter';
import { encodeBundle } from '../../../../../server/outputs/osc/oscEncode';
import type { OscMessage } from '../../../../../server/outputs/osc/oscAddresses';

const message = (n: number): OscMessage => ({
  address: `/crowdstick/${n}/x`,
  args: [{ type: 'float', value: n }],
});

function collect(maxBytes: number, now?: () => number) {
  const sent: { datagram: Buffer; bundles: number; messages: number }[] = [];
  const writer = createDatagramWriter(
    maxBytes,
    (datagram, bundles, messages) =>
      sent.push({ datagram: Buffer.from(datagram), bundles, messages }),
    now,
  );
  const add = (messages: OscMessage[]) => {
    const bundle = encodeBundle(messages);
    const at = writer.reserve(bundle.length, messages.length);
    bundle.copy(writer.buffer(), at);
  };
  return { sent, writer, add };
}

describe('createDatagramWriter', () => {
  it('sends nothing until flushed, and nothing for an empty flush', () => {
    const { sent, writer, add } = collect(1200);
    writer.flush();
    add([message(1)]);
    expect(sent).toEqual([]);
    writer.flush();
    expect(sent).toHaveLength(1);
    writer.flush();
    expect(sent).toHaveLength(1);
  });

  it('sends a lone bundle as it is, without an outer bundle', () => {
    const { sent, writer, add } = collect(1200);
    add([message(1), message(2)]);
    writer.flush();
    expect(sent[0]!.datagram.equals(encodeBundle([message(1), message(2)]))).toBe(true);
    expect(sent[0]).toMatchObject({ bundles: 1, messages: 2 });
  });

  it('nests several bundles in one outer bundle, in order, and starts a new datagram when one is full', () => {
    const { sent, writer, add } = collect(200);
    const bundleBytes = encodeBundle([message(1)]).length;
    const perDatagram = Math.floor((200 - 16) / (4 + bundleBytes));
    const total = perDatagram * 2 + 1;
    for (let n = 1; n <= total; n++) add([message(n)]);
    writer.flush();
    expect(sent.map((s) => s.bundles)).toEqual([perDatagram, perDatagram, 1]);
    for (const { datagram } of sent) expect(datagram.length).toBeLessThanOrEqual(200);
    expect(sent[0]!.datagram.subarray(20, 28).toString('latin1')).toBe('#bundle\0');
    const values = sent.flatMap((s) =>
      decodePacket(s.datagram).messages.map((m) => m.args[0]?.value),
    );
    expect(values).toEqual(Array.from({ length: total }, (_, i) => i + 1));
  });

  it('sends a bundle bigger than the limit alone, and the next in a datagram of its own', () => {
    const { sent, writer, add } = collect(64);
    const big = Array.from({ length: 5 }, (_, i) => message(i));
    add([message(100)]);
    add(big);
    add([message(101)]);
    writer.flush();
    expect(sent.map((s) => s.bundles)).toEqual([1, 1, 1]);
    expect(sent[1]!.datagram.equals(encodeBundle(big))).toBe(true);
    expect(sent[2]!.datagram.equals(encodeBundle([message(101)]))).toBe(true);
  });

  it('tells when the datagram being filled got its first bundle, and none once it went', () => {
    let clock = 100;
    const { sent, writer, add } = collect(200, () => clock);
    expect(writer.openedAt()).toBeNull();
    add([message(1)]);
    clock = 101.5;
    add([message(2)]);
    // Opened by the first bundle; the second does not move it.
    expect(writer.openedAt()).toBe(100);
    writer.flush();
    expect(writer.openedAt()).toBeNull();

    // A datagram that fills goes at once, and the bundle that did not fit opens the next, now.
    const bundleBytes = encodeBundle([message(1)]).length;
    const perDatagram = Math.floor((200 - 16) / (4 + bundleBytes));
    for (let n = 1; n <= perDatagram; n++) add([message(n)]);
    clock = 103;
    add([message(99)]);
    expect(sent).toHaveLength(2);
    expect(writer.openedAt()).toBe(103);
  });
});
