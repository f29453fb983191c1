import { readFileSync } from 'node:fs';
import { get } from 'node:http';
import { resolve } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRelayProcess, type RelayProcess } from '../helpers/relayProcess';

const APP_DIR = resolve(import.meta.dirname, '../../dist/app');

let relay: RelayProcess;

beforeAll(async () => {
  relay = await startRelayProcess();
});

afterAll(async () => {
  await relay?.stop();
});

/** A raw GET that leaves the body as sent (fetch would decompress it). */
function rawGet(url: string, acceptEncoding: string) {
  return new Promise<{ encoding: string | undefined; body: Buffer }>((done, fail) => {
    get(url, { headers: { 'Accept-Encoding': acceptEncoding } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        done({ encoding: response.headers['content-encoding'], body: Buffer.concat(chunks) }),
      );
    }).on('error', fail);
  });
}

describe("the relay's static files", () => {
  const script = /src="(\/assets\/index-[^"]+\.js)"/.exec(
    readFileSync(resolve(APP_DIR, 'index.html'), 'utf8'),
  )?.[1];
  const original = readFileSync(resolve(APP_DIR, `.${script}`));

  it.each([
    ['br, gzip', 'br', brotliDecompressSync],
    ['gzip', 'gzip', gunzipSync],
  ] as const)(
    'sends the app script compressed to a browser that accepts %s',
    async (accept, encoding, decompress) => {
      const response = await rawGet(`${relay.httpUrl}${script}`, accept);
      expect(response.encoding).toBe(encoding);
      expect(response.body.length).toBeLessThan(original.length / 2);
      expect(decompress(response.body).equals(original)).toBe(true);
    },
  );

  it('sends it as it is to a client that accepts no compression', async () => {
    const response = await rawGet(`${relay.httpUrl}${script}`, 'identity');
    expect(response.encoding).toBeUndefined();
    expect(response.body.equals(original)).toBe(true);
  });
});
