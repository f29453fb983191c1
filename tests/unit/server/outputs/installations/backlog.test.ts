import { describe, expect, it } from 'vitest';
import { createBacklog } from '../../../../../server/outputs/installations/backlog';
import {
  connectMessage,
  deleteMessage,
  sliderMessage,
  updateMessage,
} from '../../../../../src/shared/protocol';

const stick = (x: number) => updateMessage(1, { x, y: 0, speed: 10, angle: 0 });
const event = (message: { sliderId: number }) =>
  [message.sliderId, JSON.stringify(message)] as const;

function drainAll(backlog: ReturnType<typeof createBacklog>): unknown[] {
  const sent: string[] = [];
  expect(
    backlog.drain(
      (text) => sent.push(text),
      () => true,
    ),
  ).toBe(true);
  return sent.map((text) => JSON.parse(text));
}

describe('createBacklog', () => {
  it('keeps only the latest stick and each slider of a user, in one entry', () => {
    const backlog = createBacklog();
    for (let i = 1; i <= 100; i += 1) {
      backlog.state(stick(i / 100));
      backlog.state(sliderMessage(1, 'gain', i / 100));
    }
    expect(backlog.size).toBe(1);
    expect(drainAll(backlog)).toEqual([stick(1), sliderMessage(1, 'gain', 1)]);
  });

  it('keeps every connect and delete, each user’s news after the event it follows', () => {
    const backlog = createBacklog();
    backlog.event(...event(connectMessage(1)));
    backlog.state(stick(0.1));
    backlog.event(...event(deleteMessage(1)));
    backlog.event(...event(connectMessage(1)));
    backlog.state(stick(0.2));
    backlog.state(stick(0.3));
    backlog.event(...event(deleteMessage(1, 'disconnect')));
    expect(drainAll(backlog)).toEqual([
      connectMessage(1),
      stick(0.1),
      deleteMessage(1),
      connectMessage(1),
      stick(0.3),
      deleteMessage(1, 'disconnect'),
    ]);
    expect(backlog.size).toBe(0);
  });

  it('keeps at most four slider names per entry, the most recently moved', () => {
    const backlog = createBacklog();
    for (const name of ['a', 'b', 'c', 'd', 'e', 'f']) backlog.state(sliderMessage(1, name, 0.5));
    expect(drainAll(backlog)).toEqual(['c', 'd', 'e', 'f'].map((n) => sliderMessage(1, n, 0.5)));
  });

  it('sends only while there is room, and goes on from there later', () => {
    const backlog = createBacklog();
    for (let id = 1; id <= 5; id += 1) backlog.event(...event(connectMessage(id)));
    const sent: string[] = [];
    let room = 2;
    expect(
      backlog.drain(
        (text) => sent.push(text),
        () => room-- > 0,
      ),
    ).toBe(false);
    expect(backlog.size).toBe(3);
    expect(
      backlog.drain(
        (text) => sent.push(text),
        () => true,
      ),
    ).toBe(true);
    expect(sent.map((text) => JSON.parse(text).sliderId)).toEqual([1, 2, 3, 4, 5]);
  });

  it('starts a new entry for news that comes after its entry was sent', () => {
    const backlog = createBacklog();
    backlog.state(stick(0.1));
    expect(drainAll(backlog)).toEqual([stick(0.1)]);
    backlog.state(stick(0.2));
    expect(drainAll(backlog)).toEqual([stick(0.2)]);
  });
});
