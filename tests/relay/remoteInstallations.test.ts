import { networkInterfaces } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { startRelayProcess, type RelayProcess } from '../helpers/relayProcess';
import { openClient, type TestClient } from '../helpers/wsClient';

/**
 * This machine's first non-loopback IPv4 address: a socket opened to it comes
 * from it, so the relay sees a peer that is not loopback, as from another machine.
 */
const lanAddress = Object.values(networkInterfaces())
  .flat()
  .find((info) => info?.family === 'IPv4' && !info.internal)?.address;

const TOKEN = 'Tok3n-value';
let relay: RelayProcess | undefined;
const clients: TestClient[] = [];

async function open(url: string): Promise<TestClient> {
  const client = await openClient(url);
  clients.push(client);
  return client;
}

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
  await relay?.stop();
});

describe.skipIf(lanAddress === undefined)('the relay, to peers on other machines', () => {
  it('refuses an installation without the token or with a wrong one (401), and lets one with the token in', async () => {
    relay = await startRelayProcess(['--host', '0.0.0.0', '--token', TOKEN]);
    const url = `ws://${lanAddress}:${relay.port}/`;
    await expect(openClient(url)).rejects.toThrow('Unexpected server response: 401');
    await expect(openClient(`${url}?token=Tok3n`)).rejects.toThrow(
      'Unexpected server response: 401',
    );
    const allowed = await open(`${url}?token=${TOKEN}`);
    expect(allowed.socket.readyState).toBe(allowed.socket.OPEN);
    await relay.waitForOutput(`crowdstick: refused an installation from ${lanAddress} (no-token)`);
    await relay.waitForOutput(
      `crowdstick: refused an installation from ${lanAddress} (wrong-token)`,
    );
    expect(relay.output()).not.toContain('Tok3n');
  });

  it('refuses every installation from another machine when no token is configured', async () => {
    relay = await startRelayProcess(['--host', '0.0.0.0']);
    await expect(openClient(`ws://${lanAddress}:${relay.port}/?token=guess`)).rejects.toThrow(
      'Unexpected server response: 401',
    );
  });

  it('lets an installation from an --installation-from address in without a token', async () => {
    relay = await startRelayProcess(['--host', '0.0.0.0', '--installation-from', lanAddress!]);
    const allowed = await open(`ws://${lanAddress}:${relay.port}/`);
    expect(allowed.socket.readyState).toBe(allowed.socket.OPEN);
  });

  it('lets a phone connect from another machine without any token', async () => {
    relay = await startRelayProcess(['--host', '0.0.0.0', '--token', TOKEN]);
    const phone = await open(`ws://${lanAddress}:${relay.port}/ws`);
    expect(phone.socket.readyState).toBe(phone.socket.OPEN);
  });
});
