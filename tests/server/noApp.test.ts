import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRelayProcess, type RelayProcess } from '../helpers/relayProcess';
import { openClient } from '../helpers/wsClient';

describe('a relay started with --no-app, for a copy of the app hosted elsewhere', () => {
  let relay: RelayProcess;
  beforeAll(async () => {
    relay = await startRelayProcess(['--no-app', '--allow-origin', 'https://example.org']);
  });
  afterAll(() => relay.stop());

  it('serves no app, saying why, but still answers /healthz', async () => {
    const page = await fetch(`${relay.httpUrl}/`);
    expect(page.status).toBe(404);
    expect(await page.text()).toContain('this relay serves no app (--no-app)');
    expect((await fetch(`${relay.httpUrl}/healthz`)).status).toBe(200);
  });

  it('prints the socket address for ?ws= and the allowed origin instead of phone pages', () => {
    const output = relay.output();
    expect(output).toContain(
      `Phones: no app served here (--no-app); open the hosted copy with ?ws=ws://127.0.0.1:${relay.port}/ws`,
    );
    expect(output).toContain('Phones also let in from pages of: https://example.org');
    expect(output).not.toContain('QR code page');
  });

  it('lets the hosted page connect as a phone', async () => {
    const phone = await openClient(relay.phoneSocketUrl, {
      headers: { Origin: 'https://example.org' },
    });
    await phone.close();
  });
});
