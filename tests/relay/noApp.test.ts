import QRCode from 'qrcode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRelayProcess, type RelayProcess } from '../helpers/relayProcess';
import { openClient } from '../helpers/wsClient';

/** The script and stylesheet a page names, by their paths. */
const assetsOf = (html: string) =>
  [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((match) => match[1]!);

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
    expect(output).toContain('give --public-url with that address');
    expect(output).toContain('Phones also let in from pages of: https://example.org');
    expect(output).toContain(`Monitor (every phone live): http://127.0.0.1:${relay.port}/monitor`);
  });

  it('still serves the monitor, its own page with its own script and stylesheet', async () => {
    const monitor = await fetch(`${relay.httpUrl}/monitor`);
    expect(monitor.status).toBe(200);
    const html = await monitor.text();
    expect(html).toContain('<title>Crowdstick monitor</title>');
    const assets = assetsOf(html);
    expect(assets.length).toBeGreaterThanOrEqual(2);
    for (const asset of assets) {
      expect(asset).toMatch(/^\/assets\/monitor-/);
      expect([asset, (await fetch(`${relay.httpUrl}${asset}`)).status]).toEqual([asset, 200]);
    }
    // Nothing of the phone app comes with it.
    expect((await fetch(`${relay.httpUrl}/index.html`)).status).toBe(404);
  });

  it('shows on /qr why there is no code, rather than a code of a page that is not there', async () => {
    const qr = await fetch(`${relay.httpUrl}/qr`);
    expect(qr.status).toBe(200);
    const page = await qr.text();
    expect(page).not.toContain('<svg');
    expect(page).toContain('Start it with --public-url');
  });

  it('lets the hosted page connect as a phone', async () => {
    const phone = await openClient(relay.phoneSocketUrl, {
      headers: { Origin: 'https://example.org' },
    });
    await phone.close();
  });
});

describe('a relay started with --no-app and --public-url', () => {
  let relay: RelayProcess;
  const hosted = 'https://play.example.org/?ws=wss://relay.example.org/ws';
  beforeAll(async () => {
    relay = await startRelayProcess(['--no-app', '--public-url', hosted]);
  });
  afterAll(() => relay.stop());

  it('prints the hosted copy as the phone URL and draws its code on /qr, knobs carried', async () => {
    expect(relay.output()).toContain(`Phones: ${hosted}\n`);
    const page = await (await fetch(`${relay.httpUrl}/qr?idle=30`)).text();
    const svg = await QRCode.toString(`${hosted}&idle=30`, {
      type: 'svg',
      margin: 2,
      errorCorrectionLevel: 'M',
    });
    expect(page).toContain(svg);
  });
});
