import { describe, expect, it } from 'vitest';
import { lanAddressOrSkip } from '../helpers/lanAddress';
import { relayTest } from '../helpers/relayTest';
import { openClient } from '../helpers/wsClient';

const TOKEN = 'Tok3n-value';
const { start, open } = relayTest();

describe('the relay, to peers on other machines', () => {
  it('refuses an installation without the token or with a wrong one (401), and lets one with the token in', async (context) => {
    const address = lanAddressOrSkip(context);
    const relay = await start(['--host', '0.0.0.0', '--token', TOKEN]);
    const url = `ws://${address}:${relay.port}/`;
    await expect(openClient(url)).rejects.toThrow('Unexpected server response: 401');
    await expect(openClient(`${url}?token=Tok3n`)).rejects.toThrow(
      'Unexpected server response: 401',
    );
    const allowed = await open(`${url}?token=${TOKEN}`);
    expect(allowed.socket.readyState).toBe(allowed.socket.OPEN);
    await relay.waitForOutput(`crowdstick: refused an installation from ${address} (no-token)`);
    await relay.waitForOutput(`crowdstick: refused an installation from ${address} (wrong-token)`);
    expect(relay.output()).not.toContain('Tok3n');
  });

  it('refuses every installation from another machine when no token is configured', async (context) => {
    const address = lanAddressOrSkip(context);
    const relay = await start(['--host', '0.0.0.0']);
    await expect(openClient(`ws://${address}:${relay.port}/?token=guess`)).rejects.toThrow(
      'Unexpected server response: 401',
    );
  });

  it('lets an installation from an --installation-from address in without a token', async (context) => {
    const address = lanAddressOrSkip(context);
    const relay = await start(['--host', '0.0.0.0', '--installation-from', address]);
    const allowed = await open(`ws://${address}:${relay.port}/`);
    expect(allowed.socket.readyState).toBe(allowed.socket.OPEN);
  });

  it('lets a phone connect from another machine without any token', async (context) => {
    const address = lanAddressOrSkip(context);
    const relay = await start(['--host', '0.0.0.0', '--token', TOKEN]);
    const phone = await open(`ws://${address}:${relay.port}/ws`);
    expect(phone.socket.readyState).toBe(phone.socket.OPEN);
  });
});
