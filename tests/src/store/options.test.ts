import { describe, expect, it } from 'vitest';
import { createControllerStore, DEFAULT_STORE_OPTIONS } from '../../../src/store/controllerStore';
import type { ControllerStoreOptions } from '../../../src/store/types';
import { openWs } from './testRelay';

const good: ControllerStoreOptions = { url: 'ws://127.0.0.1:1/ws', userId: 7, openSocket: openWs };

describe('createControllerStore options', () => {
  it('accepts options without rate or idle time, the defaults being 30 and 10', () => {
    expect(DEFAULT_STORE_OPTIONS).toMatchObject({ rate: 30, idleSeconds: 10 });
    const store = createControllerStore(good);
    expect(store.getState()).toMatchObject({
      status: 'connecting',
      userId: 7,
      color: null,
      banner: null,
    });
  });

  it.each<[string, Partial<ControllerStoreOptions>, string]>([
    ['an empty url', { url: '' }, 'createControllerStore: url must be a non-empty string.'],
    [
      'a rate of 0',
      { rate: 0 },
      'createControllerStore: rate must be a number of messages per second above 0, got 0.',
    ],
    [
      'an idle time that is not a number',
      { idleSeconds: Number.NaN },
      'createControllerStore: idleSeconds must be above 0 and at most 2147483, got NaN.',
    ],
    [
      'a user id of 0',
      { userId: 0 },
      'createControllerStore: userId must be an integer from 1 to 2147483647, got 0.',
    ],
    [
      'a socket factory that is not a function',
      { openSocket: 'ws' as never },
      'createControllerStore: openSocket must be a function.',
    ],
  ])('refuses %s at once with an exact message', (_, bad, message) => {
    expect(() => createControllerStore({ ...good, ...bad })).toThrow(message);
  });
});
