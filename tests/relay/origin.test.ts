import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isOriginAllowed, parseOrigin } from '../../server/node/origin';
import { startRelayProcess, type RelayProcess } from '../helpers/relayProcess';
import { openClient } from '../helpers/wsClient';

const HOSTED = 'https://crowdstick.example.org';

describe('isOriginAllowed', () => {
  it.each<[string, string | undefined, string | undefined, string[], boolean]>([
    ['a client that sends no Origin', undefined, '192.168.1.20:8080', [], true],
    ["the relay's own page", 'http://192.168.1.20:8080', '192.168.1.20:8080', [], true],
    ['its own page behind a TLS proxy', 'https://relay.example.org', 'relay.example.org', [], true],
    ['the same host in other letters', 'http://Relay.Local:8080', 'relay.local:8080', [], true],
    ['an allowed hosted copy', HOSTED, 'relay.example.org', [HOSTED], true],
    ['any page with *', 'https://anything.example', 'relay.example.org', ['*'], true],
    ['another page', 'https://evil.example', '192.168.1.20:8080', [HOSTED], false],
    ['the same host on another port', 'http://192.168.1.20:5173', '192.168.1.20:8080', [], false],
    [
      'an allowed origin with the wrong scheme',
      'http://crowdstick.example.org',
      'r',
      [HOSTED],
      false,
    ],
    ['a sandboxed frame or file page', 'null', '192.168.1.20:8080', [], false],
    ['an Origin without a Host', 'https://evil.example', undefined, [], false],
  ])('decides for %s', (_case, origin, host, allowedOrigins, expected) => {
    expect(isOriginAllowed({ origin, host, allowedOrigins })).toBe(expected);
  });
});

describe('parseOrigin', () => {
  it.each<[string, string | null]>([
    ['https://example.org', 'https://example.org'],
    ['https://example.org/', 'https://example.org'],
    ['https://Example.ORG:443', 'https://example.org'],
    ['http://192.168.1.5:5173', 'http://192.168.1.5:5173'],
    ['*', '*'],
    ['https://example.org/app', null],
    ['https://example.org/?x=1', null],
    ['https://user:pw@example.org', null],
    ['ws://example.org', null],
    ['example.org', null],
    ['', null],
  ])('reads %j as %j', (text, expected) => {
    expect(parseOrigin(text)).toBe(expected);
  });
});

describe('the origin check on a real relay', () => {
  let relay: RelayProcess;
  beforeAll(async () => {
    relay = await startRelayProcess(['--allow-origin', HOSTED]);
  });
  afterAll(() => relay.stop());

  it('refuses a phone socket from a page of another origin with 403', async () => {
    await expect(
      openClient(relay.phoneSocketUrl, { headers: { Origin: 'https://evil.example' } }),
    ).rejects.toThrow('Unexpected server response: 403');
    await relay.waitForOutput('refused a phone from the page origin https://evil.example');
  });

  it("lets in the allowed origin, the relay's own pages and clients without an Origin", async () => {
    const origins = [HOSTED, relay.httpUrl, undefined];
    for (const origin of origins) {
      const headers: Record<string, string> = origin === undefined ? {} : { Origin: origin };
      const phone = await openClient(relay.phoneSocketUrl, { headers });
      await phone.close();
    }
  });

  it('leaves installations to their own access check', async () => {
    const installation = await openClient(relay.installationUrl, {
      headers: { Origin: 'https://evil.example' },
    });
    await installation.close();
  });
});
