import { describe, expect, it } from 'vitest';
import { batchFromUrl } from '../../../../server/node/batchParameter';

describe('batchFromUrl', () => {
  it.each<[string | undefined, number | undefined | 'invalid']>([
    [undefined, undefined],
    ['/', undefined],
    ['/?token=abc', undefined],
    ['/?batch=1', 1],
    ['/?token=abc&batch=30', 30],
    ['/?batch=120', 120],
    ['/?batch=0', 'invalid'],
    ['/?batch=121', 'invalid'],
    ['/?batch=', 'invalid'],
    ['/?batch=30.5', 'invalid'],
    ['/?batch=-5', 'invalid'],
    ['/?batch=1e1', 'invalid'],
    ['/?batch=fast', 'invalid'],
  ])('reads %s as %s', (url, expected) => {
    expect(batchFromUrl(url)).toBe(expected);
  });
});
