import fc from 'fast-check';
import { toBuffer } from 'osc-min';
import { describe, expect, it } from 'vitest';
import { countDatagram, isRefreshAddress } from '../../../bench/relay/oscCount';
import { eventBundle, refreshBundles } from '../../../server/outputs/osc/oscAddresses';
import { encodeBundle } from '../../../server/outputs/osc/oscEncode';
import type { PresentUser, SlottedEvent } from '../../../server/outputs/osc/events';

const stick = { x: 0.5, y: -0.25, speed: 50, angle: 90 };
const user = (slot: number): PresentUser => ({
  sliderId: 100 + slot,
  slot,
  stick,
  sliders: new Map([['volume', 0.5]]),
  buttons: new Map([['fire', true]]),
});
const osc = (packet: Parameters<typeof toBuffer>[0]) => {
  const view = toBuffer(packet);
  return Buffer.from(view.buffer, view.byteOffset, view.byteLength);
};

describe('counting the OSC messages in a datagram', () => {
  it("counts an event's bundle, as the relay encodes it, as an event", () => {
    const events: [SlottedEvent, number][] = [
      [{ type: 'update', sliderId: 7, slot: 3, ...stick }, 4],
      [{ type: 'connect', sliderId: 7, slot: 3 }, 3],
      [{ type: 'delete', sliderId: 7, slot: 3 }, 3],
      [{ type: 'slider', sliderId: 7, slot: 3, name: 'volume', value: 0.5 }, 1],
      [{ type: 'button', sliderId: 7, slot: 3, name: 'fire', pressed: true }, 1],
    ];
    for (const [event, messages] of events) {
      expect(countDatagram(encodeBundle(eventBundle(event, 1)))).toEqual({
        messages,
        refresh: false,
        malformed: false,
      });
    }
  });

  it("counts every message of the relay's refresh, each of its datagrams as the refresh's", () => {
    const users = Array.from({ length: 40 }, (_, index) => user(index + 1));
    const bundles = [...refreshBundles(users)];
    expect(bundles.length).toBeGreaterThan(1);
    const counts = bundles.map((bundle) => countDatagram(encodeBundle(bundle)));
    expect(counts.every((count) => count.refresh && !count.malformed)).toBe(true);
    const total = counts.reduce((sum, count) => sum + count.messages, 0);
    // The count, then active, x, y, speed, angle, one slider and one button per user.
    expect(total).toBe(1 + 7 * users.length);
  });

  it('counts bundles of any size as osc-min encodes them', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ minLength: 1, maxLength: 20 }), { maxLength: 20 }),
        (names) => {
          const elements = names.map((name) => ({ address: `/${name}`, args: [] }));
          expect(countDatagram(osc({ timetag: [0, 1], elements })).messages).toBe(names.length);
        },
      ),
    );
  });

  it('counts the messages of bundles inside a bundle, and a bare message as one', () => {
    const inner = {
      timetag: [0, 1] as [number, number],
      elements: [{ address: '/a' }, { address: '/b' }],
    };
    const nested = osc({ timetag: [0, 1], elements: [inner, { address: '/c' }, inner] });
    expect(countDatagram(nested)).toMatchObject({ messages: 5, malformed: false });
    expect(countDatagram(osc({ address: '/crowdstick/count', args: [1] }))).toEqual({
      messages: 1,
      refresh: true,
      malformed: false,
    });
  });

  it('calls a datagram that is not OSC malformed and counts none of it', () => {
    const good = encodeBundle(eventBundle({ type: 'update', sliderId: 1, slot: 1, ...stick }, 1));
    const malformed = { messages: 0, refresh: false, malformed: true };
    expect(countDatagram(good.subarray(0, good.length - 4))).toEqual(malformed);
    const oversize = Buffer.from(good);
    oversize.writeInt32BE(1 << 20, 16);
    expect(countDatagram(oversize)).toEqual(malformed);
    expect(countDatagram(Buffer.from('/no/end'))).toEqual(malformed);
  });

  it("tells the refresh's first addresses from an event's", () => {
    expect(isRefreshAddress('/crowdstick/count')).toBe(true);
    expect(isRefreshAddress('/crowdstick/12/active')).toBe(true);
    expect(isRefreshAddress('/crowdstick/connect')).toBe(false);
    expect(isRefreshAddress('/crowdstick/12/x')).toBe(false);
    expect(isRefreshAddress('/crowdstick/12/slider/active')).toBe(false);
  });
});
