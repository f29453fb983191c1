import { describe, expect, it, vi } from 'vitest';
import { MAX_USER_ID } from '../../src/shared/protocol';
import {
  randomUserId,
  newTabUserId,
  tabUserId,
  USER_ID_STORAGE_KEY,
  type IdStorage,
  type RandomValuesSource,
} from '../../src/userId';

/** Like `crypto` on a plain-http page: getRandomValues, and no randomUUID. */
const insecureCrypto = (word: number) => {
  const source = {
    getRandomValues: vi.fn((array: Uint32Array<ArrayBuffer>) => {
      array[0] = word;
      return array;
    }),
  };
  expect('randomUUID' in source).toBe(false);
  return source satisfies RandomValuesSource;
};

const memoryStorage = (initial: Record<string, string> = {}) => {
  const items = new Map(Object.entries(initial));
  return {
    items,
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
  } satisfies IdStorage & { items: Map<string, string> };
};

describe('randomUserId', () => {
  it.each([
    [0, 1],
    [1, 1],
    [2, 2],
    [0x7fffffff, 0x3fffffff + 1],
    [0xfffffffc, MAX_USER_ID],
    [0xfffffffe, 1],
    [0xffffffff, 1],
  ])('turns the random word %i into the id %i, never 0 nor past the maximum', (word, id) => {
    expect(randomUserId(insecureCrypto(word))).toBe(id);
  });

  it('gives ids in 1 ..= 2147483647 from a real generator without randomUUID', () => {
    const source = { getRandomValues: globalThis.crypto.getRandomValues.bind(globalThis.crypto) };
    const ids = Array.from({ length: 200 }, () => randomUserId(source));
    for (const id of ids) expect(Number.isInteger(id) && id >= 1 && id <= MAX_USER_ID).toBe(true);
    expect(new Set(ids).size).toBeGreaterThan(190);
  });
});

describe('tabUserId', () => {
  it('makes an id once and keeps it for the tab', () => {
    const storage = memoryStorage();
    const crypto = insecureCrypto(1000);
    const first = tabUserId(storage, crypto);
    expect(storage.items.get(USER_ID_STORAGE_KEY)).toBe(String(first));
    expect(tabUserId(storage, insecureCrypto(2000))).toBe(first);
    expect(crypto.getRandomValues).toHaveBeenCalledTimes(1);
  });

  it('uses an id already kept by an earlier load of the tab', () => {
    expect(tabUserId(memoryStorage({ [USER_ID_STORAGE_KEY]: '12345' }), insecureCrypto(9))).toBe(
      12345,
    );
  });

  it.each(['', 'abc', '0', '-5', '1.5', '12abc', ' 12', '1e3', '2147483648', '99999999999'])(
    'replaces a corrupt stored value %j with a new id',
    (stored) => {
      const storage = memoryStorage({ [USER_ID_STORAGE_KEY]: stored });
      const id = tabUserId(storage, insecureCrypto(1000));
      expect(id).toBe(501);
      expect(storage.items.get(USER_ID_STORAGE_KEY)).toBe('501');
    },
  );

  it('still gives an id without any storage', () => {
    expect(tabUserId(undefined, insecureCrypto(1000))).toBe(501);
    expect(tabUserId(null, insecureCrypto(1000))).toBe(501);
  });

  it('still gives an id when the storage throws on reading and writing', () => {
    const throwing: IdStorage = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    };
    expect(tabUserId(throwing, insecureCrypto(1000))).toBe(501);
  });
});

describe('newTabUserId', () => {
  it('makes a new id and keeps it in place of the one a duplicated tab inherited', () => {
    const storage = memoryStorage({ [USER_ID_STORAGE_KEY]: '12345' });
    const id = newTabUserId(storage, insecureCrypto(1000));
    expect(id).toBe(501);
    expect(storage.items.get(USER_ID_STORAGE_KEY)).toBe('501');
    expect(tabUserId(storage, insecureCrypto(2000))).toBe(501);
  });
});
