import { X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { get } from 'node:https';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selfSignedCertificate } from '../../server/node/tls';
import { startRelayProcess, type RelayProcess } from '../helpers/relayProcess';
import { openClient } from '../helpers/wsClient';

interface TlsAnswer {
  status: number;
  body: string;
  /** The certificate the server presented, as PEM-independent fingerprint. */
  fingerprint256: string;
}

/** GETs over TLS without trusting the certificate: the test checks it by itself. */
function getOverTls(url: string): Promise<TlsAnswer> {
  return new Promise((resolve, reject) => {
    get(url, { rejectUnauthorized: false }, (response) => {
      const { fingerprint256 } = (response.socket as TLSSocket).getPeerCertificate();
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body, fingerprint256 }));
    }).on('error', reject);
  });
}

/** Writes `request` on a raw TCP connection and resolves with all that comes back before it closes. */
function rawExchange(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(request));
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (answer += chunk));
    socket.on('error', reject);
    socket.on('close', () => resolve(answer));
  });
}

describe('selfSignedCertificate', () => {
  it('names localhost, loopback and every LAN address, so only trust is in question', async () => {
    const { cert, key } = await selfSignedCertificate(['192.168.1.20']);
    const x509 = new X509Certificate(cert);
    const names = x509.subjectAltName ?? '';
    for (const name of ['DNS:localhost', 'IP Address:127.0.0.1', 'IP Address:192.168.1.20']) {
      expect(names).toContain(name);
    }
    expect(new Date(x509.validTo).getTime()).toBeGreaterThan(Date.now() + 7 * 86_400_000);
    expect(key).toMatch(/^-----BEGIN PRIVATE KEY-----/);
  });
});

describe('a relay started with --https', () => {
  let relay: RelayProcess;
  beforeAll(async () => {
    relay = await startRelayProcess(['--https']);
  });
  afterAll(() => relay.stop());

  it('answers over TLS and prints https and wss addresses', async () => {
    const answer = await getOverTls(`https://127.0.0.1:${relay.port}/healthz`);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatch(/^\{"ok":true,"controllers":0,"installations":0,/);
    expect(relay.output()).toContain(`Installations: wss://127.0.0.1:${relay.port}/`);
    expect(relay.output()).toContain(`QR code page: https://127.0.0.1:${relay.port}/qr`);
    expect(relay.output()).toContain('self-signed certificate');
  });

  it('puts the https address in the QR code page', async () => {
    const answer = await getOverTls(`https://127.0.0.1:${relay.port}/qr`);
    expect(answer.body).toContain(`<p class="url">https://127.0.0.1:${relay.port}/</p>`);
  });

  it('answers a plain http:// request with a 400 that names the https address', async () => {
    const answer = await rawExchange(
      relay.port,
      'GET / HTTP/1.1\r\nHost: 127.0.0.1:' + relay.port + '\r\n\r\n',
    );
    const body = `This port speaks HTTPS only: open https://127.0.0.1:${relay.port}/ instead.\n`;
    expect(answer).toBe(
      'HTTP/1.1 400 Bad Request\r\n' +
        'Connection: close\r\n' +
        'Content-Type: text/plain; charset=utf-8\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
    // Without a Host header it names the address the request reached.
    expect(await rawExchange(relay.port, 'GET / HTTP/1.0\r\n\r\n')).toContain(
      `open https://127.0.0.1:${relay.port}/ instead.`,
    );
    // And TLS still works on the same port afterwards.
    expect((await getOverTls(`https://127.0.0.1:${relay.port}/healthz`)).status).toBe(200);
  });

  it('carries phones and installations over wss', async () => {
    const options = { rejectUnauthorized: false };
    const installation = await openClient(`wss://127.0.0.1:${relay.port}/`, options);
    const phone = await openClient(`wss://127.0.0.1:${relay.port}/ws`, options);
    phone.send({ type: 'connect', sliderId: 77 });
    expect(await installation.next((m) => m.type === 'connect')).toEqual({
      type: 'connect',
      sliderId: 77,
      slot: 1,
    });
    expect(await phone.next()).toEqual({ event: 'slot', data: 1 });
    await phone.close();
    await installation.close();
  });
});

describe('a relay started with --cert and --key', () => {
  const dir = mkdtempSync(join(tmpdir(), 'crowdstick-tls-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('serves the certificate from the files', async () => {
    const { cert, key } = await selfSignedCertificate([]);
    writeFileSync(join(dir, 'relay.pem'), cert);
    writeFileSync(join(dir, 'relay-key.pem'), key);
    const relay = await startRelayProcess([
      '--cert',
      join(dir, 'relay.pem'),
      '--key',
      join(dir, 'relay-key.pem'),
    ]);
    try {
      const answer = await getOverTls(`https://127.0.0.1:${relay.port}/healthz`);
      expect(answer.fingerprint256).toBe(new X509Certificate(cert).fingerprint256);
      expect(relay.output()).not.toContain('self-signed');
    } finally {
      await relay.stop();
    }
  });

  it('exits with the exact reason when a file cannot be read', async () => {
    const missing = join(dir, 'missing.pem');
    await expect(startRelayProcess(['--cert', missing, '--key', missing])).rejects.toThrow(
      `crowdstick: cannot read the --cert file "${missing}" (ENOENT)`,
    );
  });
});
