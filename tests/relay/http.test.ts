import { mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createRequestHandler, type HttpOptions } from '../../server/node/http';
import { DEFAULT_OPTIONS } from '../../server/node/options';
import { startRelayProcess, type RelayProcess } from '../helpers/relayProcess';
import { openClient } from '../helpers/wsClient';

describe('the relay over HTTP', () => {
  let relay: RelayProcess;
  const get = (path: string, init?: RequestInit) => fetch(`${relay.httpUrl}${path}`, init);
  const builtIndex = () => readFileSync(join(DEFAULT_OPTIONS.appDir, 'index.html'), 'utf8');

  beforeAll(async () => {
    relay = await startRelayProcess();
  });
  afterAll(() => relay.stop());

  it('answers /healthz with exactly the open controllers and installations', async () => {
    const before = await get('/healthz');
    expect(before.headers.get('content-type')).toBe('application/json; charset=utf-8');
    // The three fields the contract names come first, exactly; the relay's counters follow.
    expect(await before.text()).toMatch(
      /^\{"ok":true,"controllers":0,"installations":0,"monitors":0,"users":0,/,
    );

    const sockets = [
      await openClient(relay.phoneSocketUrl),
      await openClient(relay.phoneSocketUrl),
      await openClient(relay.installationUrl),
    ];
    expect(await (await get('/healthz')).text()).toMatch(
      /^\{"ok":true,"controllers":2,"installations":1,"monitors":0,/,
    );
    await Promise.all(sockets.map((socket) => socket.close()));
  });

  it('serves the built index.html at /, revalidated on every load', async () => {
    const response = await get('/');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html;charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(await response.text()).toBe(builtIndex());
  });

  it('falls back to index.html for an unknown route like /some/route', async () => {
    const response = await get('/some/route?sliders=a,b');
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(builtIndex());
  });

  it('answers 404 for a missing file rather than index.html', async () => {
    for (const path of ['/missing.js', '/assets/index-0000.js', '/assets/gone']) {
      const response = await get(path);
      expect([path, response.status]).toEqual([path, 404]);
    }
  });

  it('serves hashed assets as immutable', async () => {
    const asset = readdirSync(join(DEFAULT_OPTIONS.appDir, 'assets'))[0];
    const response = await get(`/assets/${asset}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });

  it('shows a QR code page for the phone URL, from the Host header without a LAN address', async () => {
    const response = await get('/qr');
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const page = await response.text();
    expect(page).toMatch(/<svg [^>]*viewBox="0 0 \d+ \d+"/);
    expect(page).toContain(`<p class="url">http://127.0.0.1:${relay.port}/</p>`);
  });

  it('answers 405 to anything but GET and HEAD', async () => {
    const response = await get('/', { method: 'POST', body: 'x' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, HEAD');
  });
});

describe('createRequestHandler', () => {
  const dirs: string[] = [];
  const servers: Server[] = [];

  async function serve(options: Partial<HttpOptions>): Promise<string> {
    const server = createServer(
      createRequestHandler({
        appDir: join(tmpdir(), 'nowhere'),
        monitorDir: join(tmpdir(), 'nowhere'),
        counts: () => ({ controllers: 0, installations: 0 }),
        phoneUrls: () => [],
        ...options,
      }),
    );
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  function appDir(): string {
    const dir = mkdtempSync(join(tmpdir(), 'crowdstick-app-'));
    dirs.push(dir);
    return dir;
  }

  afterEach(() => {
    for (const server of servers.splice(0)) {
      server.close();
      // fetch keeps connections alive; close() alone would wait for them to time out.
      server.closeAllConnections();
    }
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('answers 503 with a clear text when the app is not built', async () => {
    const dir = appDir();
    const response = await fetch(await serve({ appDir: dir }));
    expect(response.status).toBe(503);
    expect(await response.text()).toBe(
      `Crowdstick: the app is not built (${join(dir, 'index.html')} is missing). Run \`npm run build\`, then reload.\n`,
    );
  });

  it('puts the first LAN URL in the QR page when there is one', async () => {
    const url = await serve({
      phoneUrls: () => ['http://192.168.1.20:8080/', 'http://10.0.0.5:8080/'],
    });
    const page = await (await fetch(`${url}/qr`)).text();
    expect(page).toContain('<p class="url">http://192.168.1.20:8080/</p>');
    expect(page).not.toContain('10.0.0.5');
  });

  it('escapes a hostile Host header in the QR page', async () => {
    const url = await serve({});
    const { request } = await import('node:http');
    const page = await new Promise<string>((resolve, reject) => {
      request(`${url}/qr`, { headers: { host: '<b>x</b>' } }, (response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => (body += chunk.toString()));
        response.on('end', () => resolve(body));
      })
        .on('error', reject)
        .end();
    });
    expect(page).toContain('<p class="url">http://&#60;b&#62;x&#60;/b&#62;/</p>');
  });

  it('picks up a rebuilt app without a restart', async () => {
    const dir = appDir();
    writeFileSync(join(dir, 'index.html'), 'first build');
    const url = await serve({ appDir: dir });
    expect(await (await fetch(url)).text()).toBe('first build');

    writeFileSync(join(dir, 'index.html'), 'second build');
    const later = new Date(Date.now() + 60_000);
    utimesSync(join(dir, 'index.html'), later, later);
    expect(await (await fetch(`${url}/any/route`)).text()).toBe('second build');
  });
});
