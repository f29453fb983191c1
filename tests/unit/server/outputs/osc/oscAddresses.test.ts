import { describe, expect, it } from 'vitest';
import type { PresentUser } from '../../../../../server/outputs/osc/events';
import {
  MAX_DATAGRAM_BYTES,
  addressPart,
  bundleBytes,
  eventBundle,
  messageBytes,
  refreshBundles,
  type OscMessage,
} from '../../../../../server/outputs/osc/oscAddresses';
import { encodeBundle } from '../../../../../server/outputs/osc/oscEncode';

const f = (value: number) => ({ type: 'float', value }) as const;
const i = (value: number) => ({ type: 'integer', value }) as const;

function user(slot: number, overrides: Partial<PresentUser> = {}): PresentUser {
  return {
    sliderId: 1000 + slot,
    slot,
    stick: { x: 0.5, y: -0.25, speed: 56, angle: 333 },
    sliders: new Map([['zoom', 0.75]]),
    buttons: new Map([['fire', true]]),
    ...overrides,
  };
}

describe('eventBundle', () => {
  it('makes a connect into connect (i slot, i id), active 1 and the count, in one bundle', () => {
    expect(eventBundle({ type: 'connect', sliderId: 2147483647, slot: 3 }, 5)).toEqual([
      { address: '/crowdstick/connect', args: [i(3), i(2147483647)] },
      { address: '/crowdstick/3/active', args: [f(1)] },
      { address: '/crowdstick/count', args: [f(5)] },
    ]);
  });

  it('makes a delete into delete (i slot, i id), active 0 and the count, whatever its reason', () => {
    const expected = [
      { address: '/crowdstick/delete', args: [i(7), i(42)] },
      { address: '/crowdstick/7/active', args: [f(0)] },
      { address: '/crowdstick/count', args: [f(0)] },
    ];
    expect(eventBundle({ type: 'delete', sliderId: 42, slot: 7 }, 0)).toEqual(expected);
    expect(eventBundle({ type: 'delete', sliderId: 42, slot: 7, reason: 'disconnect' }, 0)).toEqual(
      expected,
    );
  });

  it('makes an update into x, y, speed and angle, all floats, in one bundle', () => {
    expect(
      eventBundle(
        { type: 'update', sliderId: 9, slot: 12, x: -1, y: 0.123, speed: 100, angle: 359 },
        1,
      ),
    ).toEqual([
      { address: '/crowdstick/12/x', args: [f(-1)] },
      { address: '/crowdstick/12/y', args: [f(0.123)] },
      { address: '/crowdstick/12/speed', args: [f(100)] },
      { address: '/crowdstick/12/angle', args: [f(359)] },
    ]);
  });

  it('makes a slider into its own address with the value as a float', () => {
    expect(
      eventBundle({ type: 'slider', sliderId: 9, slot: 2, name: 'zoom', value: 0.5 }, 1),
    ).toEqual([{ address: '/crowdstick/2/slider/zoom', args: [f(0.5)] }]);
  });

  it('makes a button into its own address, 1 when pressed and 0 when released', () => {
    const button = { type: 'button', sliderId: 9, slot: 2, name: 'fire' } as const;
    expect(eventBundle({ ...button, pressed: true }, 1)).toEqual([
      { address: '/crowdstick/2/button/fire', args: [f(1)] },
    ]);
    expect(eventBundle({ ...button, pressed: false }, 1)).toEqual([
      { address: '/crowdstick/2/button/fire', args: [f(0)] },
    ]);
  });

  it('keeps every name the layout allows as it is', () => {
    const name = 'Hue_2-b'.padEnd(32, 'x');
    expect(
      eventBundle({ type: 'slider', sliderId: 1, slot: 1, name, value: 0 }, 1)[0]?.address,
    ).toBe(`/crowdstick/1/slider/${name}`);
  });
});

describe('addressPart', () => {
  it.each([
    ['zoom', 'zoom'],
    ['a b', 'a%20b'],
    ['x/y', 'x%2Fy'],
    ['#*,?[]{}', '%23%2A%2C%3F%5B%5D%7B%7D'],
    ['100%', '100%25'],
    ['a.b', 'a%2Eb'],
    ['é', '%C3%A9'],
    ['\u0000', '%00'],
  ])('makes %j the one ASCII address part %j', (name, part) => {
    expect(addressPart(name)).toBe(part);
  });
});

describe('messageBytes and bundleBytes', () => {
  it('give the encoded size of every kind of bundle', () => {
    const bundles: OscMessage[][] = [
      eventBundle({ type: 'connect', sliderId: 1, slot: 1 }, 1),
      eventBundle(
        { type: 'update', sliderId: 1, slot: 1000000, x: 0, y: 0, speed: 0, angle: 0 },
        1,
      ),
      eventBundle({ type: 'slider', sliderId: 1, slot: 1, name: 'abc', value: 0 }, 1),
      eventBundle({ type: 'button', sliderId: 1, slot: 1, name: 'abcd', pressed: true }, 1),
      [],
    ];
    for (const bundle of bundles) {
      expect(bundleBytes(bundle)).toBe(encodeBundle(bundle).length);
    }
    // "/crowdstick/count" is 17 characters: 20 bytes, ",f" 4, the float 4.
    expect(messageBytes({ address: '/crowdstick/count', args: [f(1)] })).toBe(28);
  });
});

describe('refreshBundles', () => {
  it('sends the count, then each user: active 1, the stick, sliders and buttons', () => {
    expect([...refreshBundles([user(1), user(2, { stick: null, sliders: new Map() })])]).toEqual([
      [
        { address: '/crowdstick/count', args: [f(2)] },
        { address: '/crowdstick/1/active', args: [f(1)] },
        { address: '/crowdstick/1/x', args: [f(0.5)] },
        { address: '/crowdstick/1/y', args: [f(-0.25)] },
        { address: '/crowdstick/1/speed', args: [f(56)] },
        { address: '/crowdstick/1/angle', args: [f(333)] },
        { address: '/crowdstick/1/slider/zoom', args: [f(0.75)] },
        { address: '/crowdstick/1/button/fire', args: [f(1)] },
        { address: '/crowdstick/2/active', args: [f(1)] },
        { address: '/crowdstick/2/button/fire', args: [f(1)] },
      ],
    ]);
  });

  it('ends with active 0 for each slot freed a moment ago', () => {
    expect([
      ...refreshBundles(
        [user(1, { stick: null, sliders: new Map(), buttons: new Map() })],
        undefined,
        [4, 2],
      ),
    ]).toEqual([
      [
        { address: '/crowdstick/count', args: [f(1)] },
        { address: '/crowdstick/1/active', args: [f(1)] },
        { address: '/crowdstick/4/active', args: [f(0)] },
        { address: '/crowdstick/2/active', args: [f(0)] },
      ],
    ]);
  });

  it('sends only the count of an empty crowd', () => {
    expect([...refreshBundles([])]).toEqual([[{ address: '/crowdstick/count', args: [f(0)] }]]);
  });

  it('splits a big crowd into datagrams of at most 1,200 bytes, each user whole in one', () => {
    const users = Array.from({ length: 500 }, (_, index) =>
      user(index + 1, {
        sliders: new Map(['zoom', 'hue', 'speed', 'size'].map((name) => [name, 0.5])),
        buttons: new Map(['fire', 'jump', 'duck', 'wave'].map((name) => [name, false])),
      }),
    );
    const bundles = [...refreshBundles(users)];
    expect(MAX_DATAGRAM_BYTES).toBe(1200);
    expect(bundles.length).toBeGreaterThan(100);
    for (const bundle of bundles) {
      expect(encodeBundle(bundle).length).toBeLessThanOrEqual(MAX_DATAGRAM_BYTES);
      const slots = new Set(bundle.map((message) => message.address.split('/')[2]));
      // Each user's 13 messages are all in the bundle where their active is.
      for (const slot of slots) {
        if (slot === 'count') continue;
        expect(bundle.filter((message) => message.address.split('/')[2] === slot)).toHaveLength(13);
      }
    }
    const flat = bundles.flat();
    expect(flat).toHaveLength(1 + 500 * 13);
    expect(flat).toEqual([...refreshBundles(users, Infinity)].flat());
  });

  it('spreads a user too big for one datagram over several, and still sends them all', () => {
    const long = (n: number) => `${n}`.padEnd(32, '/');
    const big = user(1, {
      sliders: new Map(Array.from({ length: 4 }, (_, n) => [long(n), 0.1])),
      buttons: new Map(Array.from({ length: 4 }, (_, n) => [long(n), true])),
    });
    // Percent-encoded, each name is 94 characters: the user needs some 1,200 bytes.
    const bundles = [...refreshBundles([big], 600)];
    expect(bundles.length).toBeGreaterThan(1);
    for (const bundle of bundles) expect(encodeBundle(bundle).length).toBeLessThanOrEqual(600);
    expect(bundles.flat()).toEqual([...refreshBundles([big], Infinity)].flat());
  });

  it('sends a message bigger than the limit alone rather than not at all', () => {
    const bundles = [...refreshBundles([user(1)], 20)];
    expect(bundles.every((bundle) => bundle.length === 1)).toBe(true);
    expect(bundles).toHaveLength(8);
  });
});
