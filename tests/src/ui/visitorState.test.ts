import { describe, expect, it } from 'vitest';
import type { VisitorFacts } from '../../../src/ui/visitorState';
import { secondsUntil, visitorState } from '../../../src/ui/visitorState';

const facts = (over: Partial<VisitorFacts>): VisitorFacts => ({
  status: 'connected',
  refusal: null,
  present: true,
  kickSecondsLeft: 0,
  ...over,
});

describe('visitorState', () => {
  it.each<[string, Partial<VisitorFacts>, string, string | null]>([
    ['playing', {}, 'playing', null],
    ['away after the idle delete', { present: false }, 'away', 'Touch to play again'],
    ['connecting', { status: 'connecting', present: false }, 'connecting…', 'Connecting…'],
    ['reconnecting', { status: 'reconnecting', present: false }, 'reconnecting…', 'Reconnecting…'],
    ['offline', { status: 'offline', present: false }, 'offline', 'No network'],
    [
      'full',
      { status: 'full', refusal: { kind: 'full' } },
      'full, waiting',
      'The installation is full',
    ],
    [
      'flooding',
      { status: 'refused', refusal: { kind: 'policy', reason: 'too many messages' } },
      'turned away',
      'The relay turned this phone away',
    ],
    [
      'kicked',
      { status: 'refused', refusal: { kind: 'kicked', untilMs: 0 }, kickSecondsLeft: 9 },
      'removed',
      'Removed by the operator',
    ],
    [
      'refused for its origin',
      { status: 'refused', refusal: { kind: 'origin' } },
      'refused',
      'The relay refused this page',
    ],
  ])('words the state %s', (_name, over, word, headline) => {
    const state = visitorState(facts(over));
    expect([state.word, state.headline]).toEqual([word, headline]);
    // Every state but playing says what to do, too.
    expect(state.advice === null).toBe(headline === null);
  });

  it("gives the relay's reason for turning the phone away", () => {
    const state = visitorState(
      facts({ status: 'refused', refusal: { kind: 'policy', reason: 'no connect in time' } }),
    );
    expect(state.advice).toBe('Its reason: no connect in time. The page tries again in a moment.');
  });

  it('counts down the seconds of a kick, then says it tries again', () => {
    const kicked = (kickSecondsLeft: number) =>
      visitorState(
        facts({ status: 'refused', refusal: { kind: 'kicked', untilMs: 0 }, kickSecondsLeft }),
      ).advice;
    expect(kicked(42)).toBe('You can play again in 42 s.');
    expect(kicked(1)).toBe('You can play again in 1 s.');
    expect(kicked(0)).toBe('Trying to join again…');
  });
});

describe('secondsUntil', () => {
  it.each([
    [10_000, 0, 10],
    [10_000, 1, 10],
    [10_000, 9_001, 1],
    [10_000, 10_000, 0],
    [10_000, 12_000, 0],
  ])('counts %i ms from %i ms as %i whole seconds', (until, now, seconds) => {
    expect(secondsUntil(until, now)).toBe(seconds);
  });
});
