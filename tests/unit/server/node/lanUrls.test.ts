import type { NetworkInterfaceInfo } from 'node:os';
import { describe, expect, it } from 'vitest';
import {
  lanUrls,
  localHttpUrl,
  localInstallationUrl,
  phoneUrls,
  type NetworkInterfaces,
} from '../../../../server/node/lanUrls';

function address(family: 'IPv4' | 'IPv6', addr: string, internal = false): NetworkInterfaceInfo {
  const common = { address: addr, netmask: '', mac: '00:00:00:00:00:00', internal, cidr: null };
  return family === 'IPv4' ? { ...common, family } : { ...common, family, scopeid: 0 };
}

const laptop: NetworkInterfaces = {
  lo: [address('IPv4', '127.0.0.1', true), address('IPv6', '::1', true)],
  wlan0: [address('IPv4', '192.168.1.20'), address('IPv6', 'fe80::1')],
  eth0: [address('IPv4', '10.0.0.5')],
  docker0: undefined,
};

describe('lanUrls', () => {
  it.each<[string, NetworkInterfaces, string[]]>([
    ['no interfaces', {}, []],
    ['loopback only', { lo: laptop.lo }, []],
    ['an IPv6-only interface', { wlan0: [address('IPv6', 'fd00::2')] }, []],
    ['one LAN address', { wlan0: laptop.wlan0 }, ['http://192.168.1.20:8080/']],
    ['two LAN addresses', laptop, ['http://192.168.1.20:8080/', 'http://10.0.0.5:8080/']],
  ])('lists the phone URLs for %s', (_case, interfaces, expected) => {
    expect(lanUrls(interfaces, 8080)).toEqual(expected);
  });
});

describe('phoneUrls', () => {
  it.each<[string, string[]]>([
    ['::', ['http://192.168.1.20:9000/', 'http://10.0.0.5:9000/']],
    ['0.0.0.0', ['http://192.168.1.20:9000/', 'http://10.0.0.5:9000/']],
    ['127.0.0.1', []],
    ['::1', []],
    ['localhost', []],
    ['192.168.1.20', ['http://192.168.1.20:9000/']],
    ['fd00::2', ['http://[fd00::2]:9000/']],
  ])('for a relay bound to %s gives %j', (host, expected) => {
    expect(phoneUrls(laptop, host, 9000)).toEqual(expected);
  });
});

describe('the local addresses', () => {
  it.each([
    ['::', 'ws://localhost:8080/', 'http://localhost:8080/'],
    ['0.0.0.0', 'ws://localhost:8080/', 'http://localhost:8080/'],
    ['127.0.0.1', 'ws://127.0.0.1:8080/', 'http://127.0.0.1:8080/'],
    ['::1', 'ws://[::1]:8080/', 'http://[::1]:8080/'],
  ])('for a relay bound to %s are %s and %s', (host, ws, http) => {
    expect(localInstallationUrl(host, 8080)).toBe(ws);
    expect(localHttpUrl(host, 8080)).toBe(http);
  });
});

describe('the addresses of a relay serving https', () => {
  it('use https for pages and wss for sockets', () => {
    expect(phoneUrls(laptop, '::', 8443, true)).toEqual([
      'https://192.168.1.20:8443/',
      'https://10.0.0.5:8443/',
    ]);
    expect(phoneUrls(laptop, '192.168.1.20', 8443, true)).toEqual(['https://192.168.1.20:8443/']);
    expect(localInstallationUrl('::', 8443, true)).toBe('wss://localhost:8443/');
    expect(localHttpUrl('127.0.0.1', 8443, true)).toBe('https://127.0.0.1:8443/');
  });
});
