import { describe, expect, it } from 'vitest';
import {
  buttonMessage,
  connectMessage,
  deleteMessage,
  sliderMessage,
  updateMessage,
} from '../../../../src/shared/protocol';
import { createRoster } from '../../../../server/core/roster';
import { slotted } from '../../../helpers/slotted';

const stick = (x: number, y: number, speed: number, angle: number) => ({ x, y, speed, angle });

// The router gives each message its user's slot before the roster sees it; here user N holds slot N + 10.
const connect = (id: number) => slotted(connectMessage(id), id + 10);
const update = (id: number, values: ReturnType<typeof stick>) =>
  slotted(updateMessage(id, values), id + 10);
const slider = (id: number, name: string, value: number) =>
  slotted(sliderMessage(id, name, value), id + 10);
const button = (id: number, name: string, pressed: boolean) =>
  slotted(buttonMessage(id, name, pressed), id + 10);
const leave = (id: number, reason?: 'disconnect') => slotted(deleteMessage(id, reason), id + 10);

describe('the roster', () => {
  it('replays nothing when nobody is connected', () => {
    expect(createRoster().replay()).toEqual([]);
  });

  it('replays a user who only connected as a lone connect', () => {
    const roster = createRoster();
    roster.apply(connect(5));
    expect(roster.replay()).toEqual([connect(5)]);
  });

  it('replays connect, the latest update and the latest value of each slider', () => {
    const roster = createRoster();
    roster.apply(connect(5));
    roster.apply(update(5, stick(0.1, 0.2, 22, 63)));
    roster.apply(slider(5, 'gain', 0.2));
    roster.apply(slider(5, 'zoom', 0.5));
    roster.apply(update(5, stick(-1, 0, 100, 180)));
    roster.apply(slider(5, 'zoom', 0.75));
    expect(roster.replay()).toEqual([
      connect(5),
      update(5, stick(-1, 0, 100, 180)),
      slider(5, 'gain', 0.2),
      slider(5, 'zoom', 0.75),
    ]);
  });

  it('orders sliders from the least to the most recently moved', () => {
    const roster = createRoster();
    roster.apply(connect(5));
    roster.apply(slider(5, 'a', 0.1));
    roster.apply(slider(5, 'b', 0.2));
    roster.apply(slider(5, 'a', 0.3));
    expect(roster.replay()).toEqual([connect(5), slider(5, 'b', 0.2), slider(5, 'a', 0.3)]);
  });

  it('keeps only the four most recently moved sliders of a user', () => {
    const roster = createRoster();
    roster.apply(connect(5));
    for (const name of ['a', 'b', 'c', 'd', 'e']) roster.apply(slider(5, name, 0.5));
    expect(roster.replay().map((m) => (m.type === 'slider' ? m.name : m.type))).toEqual([
      'connect',
      'b',
      'c',
      'd',
      'e',
    ]);
  });

  it('replays users in the order they connected', () => {
    const roster = createRoster();
    roster.apply(connect(9));
    roster.apply(connect(3));
    roster.apply(update(9, stick(0, 1, 100, 90)));
    expect(roster.replay()).toEqual([connect(9), update(9, stick(0, 1, 100, 90)), connect(3)]);
    expect(roster.size).toBe(2);
  });

  it('forgets a user on delete, whether their own or a disconnect', () => {
    const roster = createRoster();
    roster.apply(connect(1));
    roster.apply(connect(2));
    roster.apply(update(1, stick(0.5, 0, 50, 0)));
    roster.apply(leave(1));
    roster.apply(leave(2, 'disconnect'));
    expect(roster.replay()).toEqual([]);
    expect(roster.size).toBe(0);
  });

  it('starts a user afresh when they connect again after a delete', () => {
    const roster = createRoster();
    roster.apply(connect(1));
    roster.apply(slider(1, 'gain', 0.9));
    roster.apply(leave(1));
    roster.apply(connect(1));
    expect(roster.replay()).toEqual([connect(1)]);
  });

  it('replays each user’s messages with the slot they came with', () => {
    const roster = createRoster();
    roster.apply(slotted(connectMessage(9), 2));
    roster.apply(slotted(updateMessage(9, stick(0, 1, 100, 90)), 2));
    roster.apply(slotted(sliderMessage(9, 'gain', 0.5), 2));
    roster.apply(slotted(connectMessage(3), 1));
    expect(roster.replay().map((m) => [m.sliderId, m.slot])).toEqual([
      [9, 2],
      [9, 2],
      [9, 2],
      [3, 1],
    ]);
    expect(roster.connects()).toEqual([
      slotted(connectMessage(9), 2),
      slotted(connectMessage(3), 1),
    ]);
    expect(roster.latest(9)?.slot).toBe(2);
  });

  it('keeps a present user’s state and slot when their connect comes again, as from a reloaded tab', () => {
    const roster = createRoster();
    roster.apply(connect(1));
    roster.apply(update(1, stick(0.5, 0, 50, 0)));
    roster.apply(slider(1, 'gain', 0.9));
    roster.apply(connect(1));
    expect(roster.replay()).toEqual([
      connect(1),
      update(1, stick(0.5, 0, 50, 0)),
      slider(1, 'gain', 0.9),
    ]);
    expect(roster.size).toBe(1);
  });

  it('ignores an update or a slider of a user who is not connected', () => {
    const roster = createRoster();
    roster.apply(update(1, stick(0.5, 0, 50, 0)));
    roster.apply(slider(2, 'gain', 0.9));
    expect(roster.replay()).toEqual([]);
    expect(roster.size).toBe(0);
    expect(roster.latest(1)).toBeUndefined();
  });
});

describe('the roster, with buttons', () => {
  it('replays each button’s latest press or release after the sliders, the most recent last', () => {
    const roster = createRoster();
    roster.apply(connect(5));
    roster.apply(button(5, 'fire', true));
    roster.apply(slider(5, 'zoom', 0.5));
    roster.apply(button(5, 'jump', true));
    roster.apply(button(5, 'fire', false));
    expect(roster.replay()).toEqual([
      connect(5),
      slider(5, 'zoom', 0.5),
      button(5, 'jump', true),
      button(5, 'fire', false),
    ]);
  });

  it('keeps only the four most recently used buttons of a user', () => {
    const roster = createRoster();
    roster.apply(connect(5));
    for (const name of ['a', 'b', 'c', 'd', 'e']) roster.apply(button(5, name, true));
    expect(roster.replay().slice(1)).toEqual(
      ['b', 'c', 'd', 'e'].map((name) => button(5, name, true)),
    );
  });

  it('forgets a user’s buttons with the user', () => {
    const roster = createRoster();
    roster.apply(connect(5));
    roster.apply(button(5, 'fire', true));
    roster.apply(leave(5));
    roster.apply(connect(5));
    expect(roster.replay()).toEqual([connect(5)]);
  });
});
