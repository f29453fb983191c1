import { describe, expect, it } from 'vitest';
import { MAX_DATAGRAM_BYTES } from '../../../../../server/outputs/osc/oscAddresses';
import {
  LOOPBACK_DATAGRAM_BYTES,
  datagramBytesFor,
  isLoopbackHost,
} from '../../../../../server/outputs/osc/datagramSize';

describe('datagramBytesFor', () => {
  it.each(['127.0.0.1', '127.1.2.3', '::1', 'localhost', 'LocalHost', 'show.localhost'])(
    'gives the loopback target %s datagrams of 4,096 bytes',
    (host) => {
      expect(isLoopbackHost(host)).toBe(true);
      expect(datagramBytesFor({ host, port: 9000 })).toBe(LOOPBACK_DATAGRAM_BYTES);
    },
  );

  it.each([
    '192.168.1.20',
    '10.0.0.1',
    '128.0.0.1',
    'fe80::1',
    'td.example.org',
    'localhost.example',
  ])('gives %s, which may be across a network, datagrams of 1,200 bytes', (host) => {
    expect(isLoopbackHost(host)).toBe(false);
    expect(datagramBytesFor({ host, port: 9000 })).toBe(MAX_DATAGRAM_BYTES);
  });

  it('stays within what oscpack reads of a datagram (4,098 bytes)', () => {
    expect(LOOPBACK_DATAGRAM_BYTES).toBeLessThanOrEqual(4098);
  });
});
