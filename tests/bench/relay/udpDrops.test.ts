import { createSocket, type Socket } from 'node:dgram';
import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { dropsInTable, udpDrops } from '../../../bench/relay/udpDrops';

const TABLE = [
  '   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops',
  '  187: 0100007F:8B3F 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 51234 2 0000000000000000 17',
  '  201: 00000000:0050 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 51240 2 0000000000000000 0',
].join('\n');

let socket: Socket | undefined;
afterEach(() => socket?.close());

describe("the kernel's count of datagrams dropped at a UDP socket", () => {
  it('reads the drops column of the socket bound to the port', () => {
    expect(dropsInTable(TABLE, 0x8b3f)).toBe(17);
    expect(dropsInTable(TABLE, 80)).toBe(0);
  });

  it('is NaN for a port no socket is bound to', () => {
    expect(dropsInTable(TABLE, 0x50)).toBe(0);
    expect(dropsInTable(TABLE, 0x3f)).toBeNaN();
  });

  it.skipIf(!existsSync('/proc/net/udp'))(
    'finds a socket just bound, with none dropped',
    async () => {
      socket = createSocket('udp4');
      const port = await new Promise<number>((resolve) =>
        socket!.bind(0, '127.0.0.1', () => resolve(socket!.address().port)),
      );
      expect(udpDrops(port)).toBe(0);
    },
  );
});
