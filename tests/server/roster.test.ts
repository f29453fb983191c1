import { describe, expect, it } from 'vitest';
import {
  connectMessage,
  deleteMessage,
  sliderMessage,
  updateMessage,
} from '../../src/shared/protocol';
import { createRoster } from '../../server/roster';

const stick = (x: number, y: number, speed: number, angle: number) => ({ x, y, speed, angle });

describe('the roster', () => {
  it('replays nothing when nobody is connected', () => {
    expect(createRoster().replay()).toEqual([]);
  });

  it('replays a user who only connected as a lone connect', () => {
    const roster = createRoster();
    roster.apply(connectMessage(5));
    expect(roster.replay()).toEqual([connectMessage(5)]);
  });

  it('replays connect, the latest update and the latest value of each slider', () => {
    const roster = createRoster();
    roster.apply(connectMessage(5));
    roster.apply(updateMessage(5, stick(0.1, 0.2, 22, 63)));
    roster.apply(sliderMessage(5, 'gain', 0.2));
    roster.apply(sliderMessage(5, 'zoom', 0.5));
    roster.apply(updateMessage(5, stick(-1, 0, 100, 180)));
    roster.apply(sliderMessage(5, 'zoom', 0.75));
    expect(roster.replay()).toEqual([
      connectMessage(5),
      updateMessage(5, stick(-1, 0, 100, 180)),
      sliderMessage(5, 'gain', 0.2),
      sliderMessage(5, 'zoom', 0.75),
    ]);
  });

  it('orders sliders from the least to the most recently moved', () => {
    const roster = createRoster();
    roster.apply(connectMessage(5));
    roster.apply(sliderMessage(5, 'a', 0.1));
    roster.apply(sliderMessage(5, 'b', 0.2));
    roster.apply(sliderMessage(5, 'a', 0.3));
    expect(roster.replay()).toEqual([
      connectMessage(5),
      sliderMessage(5, 'b', 0.2),
      sliderMessage(5, 'a', 0.3),
    ]);
  });

  it('keeps only the four most recently moved sliders of a user', () => {
    const roster = createRoster();
    roster.apply(connectMessage(5));
    for (const name of ['a', 'b', 'c', 'd', 'e']) roster.apply(sliderMessage(5, name, 0.5));
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
    roster.apply(connectMessage(9));
    roster.apply(connectMessage(3));
    roster.apply(updateMessage(9, stick(0, 1, 100, 90)));
    expect(roster.replay()).toEqual([
      connectMessage(9),
      updateMessage(9, stick(0, 1, 100, 90)),
      connectMessage(3),
    ]);
    expect(roster.size).toBe(2);
  });

  it('forgets a user on delete, whether their own or a disconnect', () => {
    const roster = createRoster();
    roster.apply(connectMessage(1));
    roster.apply(connectMessage(2));
    roster.apply(updateMessage(1, stick(0.5, 0, 50, 0)));
    roster.apply(deleteMessage(1));
    roster.apply(deleteMessage(2, 'disconnect'));
    expect(roster.replay()).toEqual([]);
    expect(roster.size).toBe(0);
  });

  it('starts a user afresh when they connect again after a delete', () => {
    const roster = createRoster();
    roster.apply(connectMessage(1));
    roster.apply(sliderMessage(1, 'gain', 0.9));
    roster.apply(deleteMessage(1));
    roster.apply(connectMessage(1));
    expect(roster.replay()).toEqual([connectMessage(1)]);
  });
});
