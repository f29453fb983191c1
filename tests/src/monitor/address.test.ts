import { describe, expect, it } from 'vitest';
import { installationUrl } from '../../../src/monitor/address';

describe("the monitor's installation socket", () => {
  it.each([
    [{ protocol: 'http:', host: 'localhost:8080', search: '' }, 'ws://localhost:8080/?monitor=1'],
    [
      { protocol: 'https:', host: 'relay.example.org', search: '' },
      'wss://relay.example.org/?monitor=1',
    ],
    [
      { protocol: 'http:', host: '192.168.1.20:8080', search: '?token=s3cret' },
      'ws://192.168.1.20:8080/?monitor=1&token=s3cret',
    ],
    [
      { protocol: 'http:', host: 'h', search: '?x=1&token=a%20b%26c' },
      'ws://h/?monitor=1&token=a+b%26c',
    ],
  ])(
    'is the root path of the same host as a monitor, passing the token on: %o',
    (location, expected) => {
      expect(installationUrl(location)).toBe(expected);
    },
  );
});
