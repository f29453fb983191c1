import { describe, expect, it } from 'vitest';
import { createLocalBus } from '../../../../server/core/bus';
import { createRelayCore, type PhoneLimits } from '../../../../server/core/relayCore';
import type { SlotBook } from '../../../../server/core/slotBook';
import type { InstallationEvent } from '../../../../src/shared/protocol';

const LIMITS: PhoneLimits = {
  maxPhones: 2,
  phoneRate: 1e9,
  phoneBurst: 1e9,
  floodLimit: 1e9,
  phoneBufferBytes: Infinity,
  connectTimeoutMs: Infinity,
  kickSeconds: 60,
};

/** The core alone, its bus heard by one recording output: what the core publishes, and to whom it speaks. */
function setup(slots?: SlotBook) {
  const published: InstallationEvent[] = [];
  const closed: string[] = [];
  const sent: string[] = [];
  const warnings: string[] = [];
  const bus = createLocalBus();
  bus.attach({ publish: (event) => published.push(event) });
  const core = createRelayCore<string>(
    {
      send: (to, text) => sent.push(`${to} ${text}`),
      close: (handle, code, reason) => closed.push(`${handle} ${code} ${reason}`),
    },
    bus,
    {
      limits: LIMITS,
      warn: (line) => warnings.push(line),
      drop: () => {},
      every: () => () => {},
      now: () => 0,
      slots,
    },
  );
  return { core, published, closed, sent, warnings };
}

describe('the relay core', () => {
  it('publishes each accepted event once, with its slot, and nothing it dropped', () => {
    const { core, published } = setup();
    core.phoneOpened('a');
    core.phoneMessage('a', JSON.stringify({ type: 'connect', sliderId: 5 }));
    core.phoneMessage('a', JSON.stringify({ type: 'connect', sliderId: 5 }));
    core.phoneMessage('a', '{"type":"update"');
    core.phoneMessage('a', JSON.stringify({ type: 'delete', sliderId: 5 }));
    expect(published).toEqual([
      { type: 'connect', sliderId: 5, slot: 1 },
      { type: 'delete', sliderId: 5, slot: 1 },
    ]);
  });

  it('turns away the phone past --max-phones with 1013 and warns once', () => {
    const { core, closed, warnings } = setup();
    expect(core.phoneOpened('a')).toBe(true);
    expect(core.phoneOpened('b')).toBe(true);
    expect(core.phoneOpened('c')).toBe(false);
    expect(core.phoneOpened('d')).toBe(false);
    expect(closed).toEqual(['c 1013 the installation is full', 'd 1013 the installation is full']);
    expect(warnings).toEqual(['crowdstick: turned a phone away: 2 phones already (--max-phones)']);
    expect(core.stats().cutOff.full).toBe(2);
    // A place freed is a place to play.
    core.phoneClosed('a');
    expect(core.phoneOpened('e')).toBe(true);
    expect(core.phoneCount).toBe(2);
  });

  it('publishes a delete for each of its own present users when it stops, then takes nothing', () => {
    const { core, published } = setup();
    core.phoneOpened('a');
    core.phoneOpened('b');
    core.phoneMessage('b', JSON.stringify({ type: 'connect', sliderId: 2 }));
    core.phoneMessage('a', JSON.stringify({ type: 'connect', sliderId: 1 }));
    published.length = 0;
    core.stop();
    expect(published).toEqual([
      { type: 'delete', sliderId: 2, slot: 1, reason: 'disconnect' },
      { type: 'delete', sliderId: 1, slot: 2, reason: 'disconnect' },
    ]);
    expect(core.phoneOpened('c')).toBe(false);
    core.phoneMessage('a', JSON.stringify({ type: 'connect', sliderId: 1 }));
    expect(published).toHaveLength(2);
  });
});

/** A slot book that answers when the test says, as a cluster's does after a round trip to Redis. */
function slowSlots() {
  const waiting: ((slot: number | undefined) => void)[] = [];
  const released: number[] = [];
  const book: SlotBook = {
    take: (_id, given) => waiting.push(given),
    of: () => 4,
    holder: () => undefined,
    release: (id) => released.push(id),
  };
  return { book, released, answer: (slot: number | undefined) => waiting.shift()!(slot) };
}

describe('the relay core, with slots that come later', () => {
  const text = (message: object) => JSON.stringify(message);
  const move = { type: 'update', sliderId: 5, x: 0.5, y: 0, speed: 50, angle: 0 };

  it('holds what a joining phone sends until its slot comes, then publishes it all in order', () => {
    const slots = slowSlots();
    const { core, published, sent } = setup(slots.book);
    core.phoneOpened('a');
    core.phoneMessage('a', text({ type: 'connect', sliderId: 5 }));
    core.phoneMessage('a', text(move));
    core.phoneMessage('a', text({ type: 'connect', sliderId: 5 }));
    core.phoneMessage('a', text({ type: 'delete', sliderId: 5 }));
    expect(published).toEqual([]);
    slots.answer(4);
    expect(published).toEqual([
      { type: 'connect', sliderId: 5, slot: 4 },
      { ...move, slot: 4 },
      { type: 'delete', sliderId: 5, slot: 4 },
    ]);
    expect(sent).toEqual(['a {"event":"slot","data":4}']);
  });

  it('turns the phone away with 1013 when no slot is free', () => {
    const slots = slowSlots();
    const { core, published, closed } = setup(slots.book);
    core.phoneOpened('a');
    core.phoneMessage('a', text({ type: 'connect', sliderId: 5 }));
    slots.answer(undefined);
    expect(closed).toEqual(['a 1013 the installation is full']);
    expect(published).toEqual([]);
    expect(core.phoneCount).toBe(0);
  });

  it('gives back the slot of a phone that left while it waited, and publishes nothing of it', () => {
    const slots = slowSlots();
    const { core, published } = setup(slots.book);
    core.phoneOpened('a');
    core.phoneMessage('a', text({ type: 'connect', sliderId: 5 }));
    core.phoneClosed('a');
    slots.answer(4);
    expect(published).toEqual([]);
    expect(slots.released).toEqual([5]);
  });
});
