import { describe, expect, it } from 'vitest';
import {
  checkInstallationAccess,
  normalizeAddress,
  type InstallationAccess,
} from '../../../../server/node/access';

const TOKEN = 'correct horse';

describe('checkInstallationAccess', () => {
  it.each<[string, string | undefined, string, string | undefined, string[], InstallationAccess]>([
    [
      'a loopback IPv4 peer without a token',
      '127.0.0.1',
      '/',
      TOKEN,
      [],
      { allowed: true, via: 'loopback' },
    ],
    ['any 127.x.x.x peer', '127.8.9.10', '/', undefined, [], { allowed: true, via: 'loopback' }],
    ['a loopback IPv6 peer', '::1', '/', undefined, [], { allowed: true, via: 'loopback' }],
    [
      'an IPv4-mapped loopback peer',
      '::ffff:127.0.0.1',
      '/',
      undefined,
      [],
      { allowed: true, via: 'loopback' },
    ],
    [
      'a LAN peer without a token',
      '192.168.1.20',
      '/',
      TOKEN,
      [],
      { allowed: false, why: 'no-token' },
    ],
    [
      'a LAN peer when no token is configured',
      '192.168.1.20',
      '/?token=x',
      undefined,
      [],
      { allowed: false, why: 'wrong-token' },
    ],
    [
      'a LAN peer with the right token',
      '192.168.1.20',
      '/?token=correct%20horse',
      TOKEN,
      [],
      { allowed: true, via: 'token' },
    ],
    [
      'a mapped LAN peer with the right token',
      '::ffff:192.168.1.20',
      '/?batch=5&token=correct+horse',
      TOKEN,
      [],
      { allowed: true, via: 'token' },
    ],
    [
      'a LAN peer with a wrong token',
      '192.168.1.20',
      '/?token=correct',
      TOKEN,
      [],
      { allowed: false, why: 'wrong-token' },
    ],
    [
      'a LAN peer with an empty token',
      '192.168.1.20',
      '/?token=',
      TOKEN,
      [],
      { allowed: false, why: 'wrong-token' },
    ],
    [
      'a peer on --installation-from',
      '192.168.1.7',
      '/',
      TOKEN,
      ['192.168.1.7'],
      { allowed: true, via: 'listed-address' },
    ],
    [
      'a mapped peer on --installation-from',
      '::ffff:192.168.1.7',
      '/',
      undefined,
      ['192.168.1.7'],
      { allowed: true, via: 'listed-address' },
    ],
    [
      'an IPv6 peer on --installation-from, in another case',
      'FD00::7',
      '/',
      undefined,
      ['fd00::7'],
      { allowed: true, via: 'listed-address' },
    ],
    [
      'a peer next to one on --installation-from',
      '192.168.1.8',
      '/',
      undefined,
      ['192.168.1.7'],
      { allowed: false, why: 'no-token' },
    ],
    [
      'a peer whose address is unknown',
      undefined,
      '/',
      TOKEN,
      [],
      { allowed: false, why: 'no-token' },
    ],
    [
      'a 127-looking IPv6 address that is not loopback',
      '::127.0.0.1',
      '/',
      undefined,
      [],
      { allowed: false, why: 'no-token' },
    ],
  ])('decides on %s', (_case, remoteAddress, requestUrl, token, installationFrom, expected) => {
    expect(checkInstallationAccess({ remoteAddress, requestUrl, token, installationFrom })).toEqual(
      expected,
    );
  });
});

describe('normalizeAddress', () => {
  it.each([
    ['::ffff:192.168.1.20', '192.168.1.20'],
    ['::FFFF:10.0.0.1', '10.0.0.1'],
    ['192.168.1.20', '192.168.1.20'],
    ['FE80::1', 'fe80::1'],
    ['::ffff:fe80::1', '::ffff:fe80::1'],
  ])('turns %s into %s', (address, expected) => {
    expect(normalizeAddress(address)).toBe(expected);
  });
});
