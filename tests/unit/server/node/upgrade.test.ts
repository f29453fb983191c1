import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { decideUpgrade } from '../../../../server/node/upgrade';

/** The parts of an upgrade request the decision reads. */
const request = (url: string, remoteAddress: string) =>
  ({ url, headers: {}, socket: { remoteAddress } }) as unknown as IncomingMessage;

const access = { token: 'sekrit', installationFrom: [] };

describe('decideUpgrade for monitors', () => {
  it('makes a root-path socket with ?monitor=1 a monitor, and any other a plain installation', () => {
    expect(decideUpgrade(request('/?monitor=1', '127.0.0.1'), access)).toEqual({
      kind: 'installation',
      batch: undefined,
      monitor: true,
    });
    for (const url of ['/', '/?monitor=0', '/?monitor', '/?batch=30']) {
      expect(decideUpgrade(request(url, '::1'), access)).toMatchObject({ monitor: false });
    }
  });

  it('checks a monitor from another machine for the token like any installation', () => {
    expect(decideUpgrade(request('/?monitor=1', '192.168.1.30'), access)).toMatchObject({
      kind: 'refused',
      status: 401,
      reason: 'no-token',
    });
    expect(
      decideUpgrade(request('/?monitor=1&token=sekrit', '192.168.1.30'), access),
    ).toMatchObject({ kind: 'installation', monitor: true });
  });
});
