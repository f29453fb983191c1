import { describe, expect, it } from 'vitest';
import { createUserTable } from '../../../src/monitor/users';

const stick = { x: 0.5, y: -0.25, speed: 56, angle: 333 };

describe("the monitor's user table", () => {
  it('keeps every live user with their slot, latest stick and sliders, in slot order', () => {
    const table = createUserTable();
    table.apply({ type: 'connect', sliderId: 20, slot: 2 });
    table.apply({ type: 'connect', sliderId: 10, slot: 1 });
    table.apply({ type: 'update', sliderId: 10, slot: 1, ...stick });
    table.apply({ type: 'slider', sliderId: 20, slot: 2, name: 'gain', value: 0.25 });
    table.apply({ type: 'slider', sliderId: 20, slot: 2, name: 'gain', value: 0.75 });
    expect(table.list()).toEqual([
      { id: 10, slot: 1, ...stick, sliders: new Map(), buttons: new Map() },
      {
        id: 20,
        slot: 2,
        x: 0,
        y: 0,
        speed: 0,
        angle: 0,
        sliders: new Map([['gain', 0.75]]),
        buttons: new Map(),
      },
    ]);
  });

  it('puts a newcomer who takes a freed slot back in its place among the others', () => {
    const table = createUserTable();
    for (const [sliderId, slot] of [
      [10, 1],
      [20, 2],
      [30, 3],
    ] as const) {
      table.apply({ type: 'connect', sliderId, slot });
    }
    table.apply({ type: 'delete', sliderId: 20, slot: 2 });
    table.apply({ type: 'connect', sliderId: 40, slot: 2 });
    expect(table.list().map((user) => [user.slot, user.id])).toEqual([
      [1, 10],
      [2, 40],
      [3, 30],
    ]);
  });

  it('forgets a user on delete, whatever the reason', () => {
    const table = createUserTable();
    table.apply({ type: 'connect', sliderId: 1, slot: 1 });
    table.apply({ type: 'connect', sliderId: 2, slot: 2 });
    table.apply({ type: 'delete', sliderId: 1, slot: 1 });
    table.apply({ type: 'delete', sliderId: 2, slot: 2, reason: 'disconnect' });
    expect(table.list()).toEqual([]);
  });

  it('takes the state of batched frames as well', () => {
    const table = createUserTable();
    table.apply({ type: 'connect', sliderId: 1, slot: 3 });
    table.apply({
      type: 'frame',
      users: [
        {
          sliderId: 1,
          slot: 3,
          ...stick,
          sliders: { gain: 0.5, zoom: 1 },
          buttons: { fire: true },
        },
      ],
    });
    expect(table.get(1)).toEqual({
      id: 1,
      slot: 3,
      ...stick,
      sliders: new Map([
        ['gain', 0.5],
        ['zoom', 1],
      ]),
      buttons: new Map([['fire', true]]),
    });
  });

  it('keeps each button’s latest press or release', () => {
    const table = createUserTable();
    table.apply({ type: 'connect', sliderId: 1, slot: 1 });
    table.apply({ type: 'button', sliderId: 1, slot: 1, name: 'fire', pressed: true });
    table.apply({ type: 'button', sliderId: 1, slot: 1, name: 'jump', pressed: true });
    table.apply({ type: 'button', sliderId: 1, slot: 1, name: 'fire', pressed: false });
    expect(table.get(1)?.buttons).toEqual(
      new Map([
        ['fire', false],
        ['jump', true],
      ]),
    );
  });

  it('ignores what is not a user message', () => {
    const table = createUserTable();
    for (const junk of [null, 'ping', 42, [], {}, { type: 'send' }]) table.apply(junk);
    expect(table.list()).toEqual([]);
  });

  it('starts empty again after clear, for the replay of a new connection', () => {
    const table = createUserTable();
    table.apply({ type: 'connect', sliderId: 1, slot: 1 });
    table.clear();
    expect(table.list()).toEqual([]);
  });
});
