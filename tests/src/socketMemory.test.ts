import { describe, expect, it } from 'vitest';
import { SOCKET_URL_STORAGE_KEY, withRememberedSocket } from '../../src/socketMemory';

/** A Map behind the Storage methods the memory uses. */
function memoryStorage(initial: Record<string, string> = {}) {
  const items = new Map(Object.entries(initial));
  return {
    items,
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
    removeItem: (key: string) => void items.delete(key),
  };
}

const throwingStorage = {
  getItem(): string | null {
    throw new Error('SecurityError');
  },
  setItem() {
    throw new Error('QuotaExceededError');
  },
  removeItem() {
    throw new Error('SecurityError');
  },
};

describe('withRememberedSocket', () => {
  it('remembers a valid ?ws= and leaves the query as it is', () => {
    const storage = memoryStorage();
    const search = '?ws=wss://relay.example.org/ws&sliders=a';
    expect(withRememberedSocket(search, storage)).toBe(search);
    expect(storage.items.get(SOCKET_URL_STORAGE_KEY)).toBe('wss://relay.example.org/ws');
  });

  it('adds the remembered socket to a query without ?ws=, as the installed app launches', () => {
    const storage = memoryStorage({ [SOCKET_URL_STORAGE_KEY]: 'wss://relay.example.org/ws' });
    const search = withRememberedSocket('?sliders=a', storage);
    const params = new URLSearchParams(search);
    expect(params.get('ws')).toBe('wss://relay.example.org/ws');
    expect(params.get('sliders')).toBe('a');
    expect(withRememberedSocket('', storage)).toBe('?ws=wss%3A%2F%2Frelay.example.org%2Fws');
  });

  it('lets a new ?ws= replace the remembered one', () => {
    const storage = memoryStorage({ [SOCKET_URL_STORAGE_KEY]: 'wss://old.example.org/ws' });
    withRememberedSocket('?ws=ws://192.168.1.20:8080/ws', storage);
    expect(storage.items.get(SOCKET_URL_STORAGE_KEY)).toBe('ws://192.168.1.20:8080/ws');
  });

  it('forgets the remembered socket for an empty ?ws=', () => {
    const storage = memoryStorage({ [SOCKET_URL_STORAGE_KEY]: 'wss://old.example.org/ws' });
    expect(withRememberedSocket('?ws=', storage)).toBe('?ws=');
    expect(storage.items.has(SOCKET_URL_STORAGE_KEY)).toBe(false);
  });

  it('remembers nothing for an invalid ?ws= and keeps what it had', () => {
    const storage = memoryStorage({ [SOCKET_URL_STORAGE_KEY]: 'wss://old.example.org/ws' });
    expect(withRememberedSocket('?ws=https://example.org/', storage)).toBe(
      '?ws=https://example.org/',
    );
    expect(storage.items.get(SOCKET_URL_STORAGE_KEY)).toBe('wss://old.example.org/ws');
  });

  it('reads the query alone when storage is missing or throws', () => {
    expect(withRememberedSocket('?sliders=a', undefined)).toBe('?sliders=a');
    expect(withRememberedSocket('?sliders=a', throwingStorage)).toBe('?sliders=a');
    expect(withRememberedSocket('?ws=wss://a.example/ws', throwingStorage)).toBe(
      '?ws=wss://a.example/ws',
    );
  });
});
