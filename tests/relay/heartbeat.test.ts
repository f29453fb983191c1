import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_OPTIONS } from '../../server/node/options';
import { attachRelay, type Relay } from '../../server/node/relay';
import { connectMessage } from '../../src/shared/protocol';
import { openClient, type TestClient } from '../helpers/wsClient';

// In process, so the heartbeat can beat every 50 ms instead of every 30 s.
let server: Server;
let relay: Relay;
let port: number;
const clients: TestClient[] = [];

beforeEach(async () => {
  server = createServer();
  relay = attachRelay(
    server,
    { token: undefined, installationFrom: [] },
    { ...DEFAULT_OPTIONS, heartbeatMs: 50 },
    { warn: () => {} },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
  await relay.close();
  await new Promise((resolve) => server.close(resolve));
});

async function open(path: string, autoPong = true): Promise<TestClient> {
  const client = await openClient(`ws://127.0.0.1:${port}${path}`, { autoPong });
  clients.push(client);
  return client;
}

describe('the heartbeat', () => {
  it('cuts off a phone that stops answering pings, and announces its disconnect', async () => {
    const installation = await open('/');
    const phone = await open('/ws', false);
    phone.send(connectMessage(5));
    await installation.next((m) => m.type === 'connect');
    expect((await phone.closed).code).toBe(1006);
    expect(await installation.next()).toEqual({
      type: 'delete',
      sliderId: 5,
      slot: 1,
      reason: 'disconnect',
    });
  });

  it('keeps a phone that answers every ping', async () => {
    const phone = await open('/ws');
    await new Promise<void>((resolve) => {
      let pings = 0;
      phone.socket.on('ping', () => ++pings === 4 && resolve());
    });
    expect(phone.socket.readyState).toBe(phone.socket.OPEN);
    expect(relay.stats().controllers).toBe(1);
  });
});
