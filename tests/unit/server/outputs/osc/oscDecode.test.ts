import { describe, expect, it } from 'vitest';
import { decodePacket } from '../../../../../server/outputs/osc/oscDecode';
import { encodeOsc } from '../../../../relay/osc/liblo';

const send = (slot: number) => ({
  address: '/crowdstick/send',
  args: [{ type: 'integer' as const, value: slot }, 'text', 'hi'],
});

describe('decodePacket', () => {
  it('reads a message with the type of every argument', () => {
    expect(decodePacket(encodeOsc(send(3)))).toEqual({
      messages: [
        {
          oscType: 'message',
          address: '/crowdstick/send',
          args: [
            { type: 'integer', value: 3 },
            { type: 'string', value: 'text' },
            { type: 'string', value: 'hi' },
          ],
        },
      ],
      broken: 0,
    });
  });

  it('reads the messages of a bundle, and of bundles within it, in order', () => {
    const packet = encodeOsc({
      timetag: [0, 1],
      elements: [send(1), { timetag: [0, 1], elements: [send(2), send(3)] }, send(4)],
    });
    const { messages, broken } = decodePacket(packet);
    expect(broken).toBe(0);
    expect(messages.map((message) => message.args[0]?.value)).toEqual([1, 2, 3, 4]);
  });

  it.each([
    ['junk', Buffer.from('not osc at all')],
    ['an empty datagram', Buffer.alloc(0)],
    ['an address without a slash', Buffer.from('abc\0,i\0\0\0\0\0\x01')],
    ['a missing argument', Buffer.from('/a\0\0,i\0\0')],
    ['an unknown type tag', Buffer.from('/a\0\0,Q\0\0')],
    ['a truncated bundle header', Buffer.from('#bundle\0\0\0')],
  ])('counts %s as one broken packet', (_name, packet) => {
    expect(decodePacket(packet)).toEqual({ messages: [], broken: 1 });
  });

  it('counts each unreadable element of a bundle and keeps the others', () => {
    const good = Buffer.from(encodeOsc(send(1)));
    const bad = Buffer.from('/a\0\0,Q\0\0');
    const size = (part: Buffer) => Buffer.from([0, 0, 0, part.length]);
    const packet = Buffer.concat([
      Buffer.from('#bundle\0'),
      Buffer.alloc(8),
      size(bad),
      bad,
      size(good),
      good,
    ]);
    const { messages, broken } = decodePacket(packet);
    expect(broken).toBe(1);
    expect(messages).toHaveLength(1);
  });

  it('counts the rest of a bundle once when an element size is wrong', () => {
    const good = Buffer.from(encodeOsc(send(1)));
    const packet = Buffer.concat([
      Buffer.from('#bundle\0'),
      Buffer.alloc(8),
      Buffer.from([0, 0, 0, good.length]),
      good,
      Buffer.from([0x7f, 0, 0, 0]),
      good,
    ]);
    expect(decodePacket(packet)).toMatchObject({
      broken: 1,
      messages: [{ address: '/crowdstick/send' }],
    });
  });

  it('counts bundles nested deeper than 8 as broken, without recursing further', () => {
    let packet: Parameters<typeof encodeOsc>[0] = send(1);
    for (let depth = 0; depth < 20; depth++) packet = { timetag: [0, 1], elements: [packet] };
    expect(decodePacket(encodeOsc(packet))).toEqual({ messages: [], broken: 1 });
  });
});
