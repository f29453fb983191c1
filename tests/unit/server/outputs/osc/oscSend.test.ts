import type { OscArgOutput } from 'osc-min';
import { describe, expect, it } from 'vitest';
import { readOscSend, shortestFloat32 } from '../../../../../server/outputs/osc/oscSend';

const s = (value: string): OscArgOutput => ({ type: 'string', value });
const i = (value: number): OscArgOutput => ({ type: 'integer', value });
const f = (value: number): OscArgOutput => ({ type: 'float', value: Math.fround(value) });
const read = (args: OscArgOutput[], address = '/crowdstick/send') =>
  readOscSend({ oscType: 'message', address, args });

describe('readOscSend', () => {
  it.each([
    ['a slot and a text', [i(3), s('text'), s('hello')], { slot: 3 }, 'text', 'hello'],
    ['"all"', [s('all'), s('color'), s('#ff0000')], 'all', 'color', '#ff0000'],
    ['an int', [i(1), s('vibrate'), i(200)], { slot: 1 }, 'vibrate', 200],
    ['a float, as its shortest decimal', [i(1), s('x'), f(0.1)], { slot: 1 }, 'x', 0.1],
    [
      'a JSON array',
      [i(1), s('vibrate'), s('[200,100,200]')],
      { slot: 1 },
      'vibrate',
      [200, 100, 200],
    ],
    [
      'a JSON object',
      [s('all'), s('layout'), s('{"sliders":[]}')],
      'all',
      'layout',
      { sliders: [] },
    ],
    ['a JSON number', [i(1), s('text'), s('42')], { slot: 1 }, 'text', 42],
    ['a JSON string', [i(1), s('text'), s('"42"')], { slot: 1 }, 'text', '42'],
    ['a string that is not JSON', [i(1), s('text'), s('{oops')], { slot: 1 }, 'text', '{oops'],
  ])('reads %s', (_name, args, to, event, data) => {
    expect(read(args)).toEqual({ ok: true, send: { to, event, data } });
  });

  it.each([
    ['another address', [i(1), s('text'), s('hi')], 'wrong-address', '/crowdstick/sent'],
    ['no data', [i(1), s('text')], 'missing-args'],
    ['no arguments', [], 'missing-args'],
    ['a fourth argument', [i(1), s('text'), s('hi'), s('more')], 'extra-args'],
    ['a float slot', [f(3), s('text'), s('hi')], 'wrong-types'],
    ['an int event', [i(3), i(1), s('hi')], 'wrong-types'],
    ['boolean data', [i(3), s('text'), { type: 'true', value: true }], 'wrong-types'],
    ['double data', [i(3), s('text'), { type: 'double', value: 1 }], 'wrong-types'],
    ['slot 0', [i(0), s('text'), s('hi')], 'bad-target'],
    ['a slot past the most there can be', [i(1_000_001), s('text'), s('hi')], 'bad-target'],
    ['a string target other than all', [s('everyone'), s('text'), s('hi')], 'bad-target'],
    ['an empty event', [i(1), s(''), s('hi')], 'bad-event'],
    ['a 65-character event', [i(1), s('e'.repeat(65)), s('hi')], 'bad-event'],
    ['a float that is not a number', [i(1), s('x'), f(NaN)], 'bad-data'],
    ['an infinite float', [i(1), s('x'), f(Infinity)], 'bad-data'],
  ])('refuses %s', (_name, args, problem, address = '/crowdstick/send') => {
    expect(read(args as OscArgOutput[], address)).toEqual({ ok: false, problem });
  });

  it('takes a 64-character event', () => {
    expect(read([i(1), s('e'.repeat(64)), i(0)]).ok).toBe(true);
  });
});

describe('shortestFloat32', () => {
  it.each([0.1, 0.25, 1, -3.5, 123.456, 1e-7, 0])('gives %d back from its float32', (value) => {
    expect(shortestFloat32(Math.fround(value))).toBe(value);
  });
});
