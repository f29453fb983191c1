import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_OPTIONS } from '../server/node/options';
import { RELAY_ROUTES } from '../vite.config';

/** What `npm run build` left for the relay; `npm test` builds before it runs the tests. */
const APP = DEFAULT_OPTIONS.appDir;
const read = (path: string) => readFileSync(join(APP, path), 'utf8');

interface ManifestIcon {
  src: string;
  sizes: string;
  type: string;
  purpose?: string;
}

/** A PNG's true pixel size, from its IHDR chunk, whatever its name or the manifest say. */
function pngSize(path: string): { width: number; height: number } {
  const bytes = readFileSync(join(APP, path));
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (!bytes.subarray(0, 8).equals(signature) || bytes.toString('ascii', 12, 16) !== 'IHDR') {
    throw new Error(`${path} is not a PNG`);
  }
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

/**
 * The regular expressions of the service worker's navigation denylist, read
 * from the built sw.js literal by literal (a character class may hold "]" or "/").
 */
function navigationDenylist(): RegExp[] {
  const sw = read('sw.js');
  const start = sw.indexOf('denylist:[');
  if (start === -1) throw new Error('sw.js has no navigation denylist');
  const patterns: RegExp[] = [];
  let at = start + 'denylist:['.length;
  while (sw[at] === '/') {
    let source = '';
    let inClass = false;
    for (at += 1; sw[at] !== '/' || inClass; at += 1) {
      if (sw[at] === '\\') source += sw[at++];
      else if (sw[at] === '[') inClass = true;
      else if (sw[at] === ']') inClass = false;
      source += sw[at];
    }
    const flags = /^[a-z]*/.exec(sw.slice(at + 1))![0];
    patterns.push(new RegExp(source, flags));
    at += 1 + flags.length;
    if (sw[at] === ',') at += 1;
  }
  return patterns;
}

describe('the built app', () => {
  const manifest = JSON.parse(read('manifest.webmanifest'));

  it('has a complete manifest for an installable standalone app', () => {
    expect(manifest).toMatchObject({
      name: 'Crowdstick',
      short_name: 'Crowdstick',
      display: 'standalone',
      start_url: '/',
      scope: '/',
      theme_color: '#101418',
      background_color: '#101418',
    });
    expect(manifest.description.length).toBeGreaterThan(10);
    expect(read('index.html')).toContain('<link rel="manifest" href="/manifest.webmanifest">');
  });

  it('lists 192 and 512 pixel icons, each for any and for maskable use', () => {
    const icons = manifest.icons as ManifestIcon[];
    const entries = icons.map((icon) => `${icon.sizes} ${icon.purpose}`).sort();
    expect(entries).toEqual(['192x192 any', '192x192 maskable', '512x512 any', '512x512 maskable']);
    for (const icon of icons) expect(icon.type).toBe('image/png');
  });

  it('ships every icon at the pixel size it claims', () => {
    for (const icon of manifest.icons as ManifestIcon[]) {
      const [width, height] = icon.sizes.split('x').map(Number);
      expect([icon.src, pngSize(icon.src)]).toEqual([icon.src, { width, height }]);
    }
  });

  it('links a 180x180 apple-touch-icon', () => {
    expect(read('index.html')).toMatch(
      /<link rel="apple-touch-icon" href="\/apple-touch-icon.png"/,
    );
    expect(pngSize('apple-touch-icon.png')).toEqual({ width: 180, height: 180 });
  });

  it('precaches index.html and the app shell in the service worker', () => {
    const sw = read('sw.js');
    expect(sw).toMatch(/url:"index\.html"/);
    const entry = /src="\/(assets\/index-[^"]+\.js)"/.exec(read('index.html'))?.[1];
    expect(entry).toBeDefined();
    expect(sw).toContain(`url:"${entry}"`);
    expect(sw).toMatch(/createHandlerBoundToURL\("index\.html"\)/);
    // The relay serves the monitor; cached, `/monitor` would come from the cache.
    expect(sw).not.toContain('monitor.html');
  });

  it("keeps the relay's own routes out of the navigation fallback", () => {
    const denylist = navigationDenylist();
    const denied = (path: string) => denylist.some((pattern) => pattern.test(path));
    for (const path of [...RELAY_ROUTES, '/healthz?x=1', '/qr?big', '/monitor/', '/ws?x']) {
      expect([path, denied(path)]).toEqual([path, true]);
    }
    for (const path of ['/', '/?ws=wss://relay.example.org/ws', '/some/route', '/qrcode']) {
      expect([path, denied(path)]).toEqual([path, false]);
    }
  });

  it('keeps the QR code, the service worker client and the install UI out of the first load', () => {
    const chunks = JSON.parse(read('.vite/manifest.json')) as Record<
      string,
      { file: string; imports?: string[]; dynamicImports?: string[] }
    >;
    const loadedFirst = new Set<string>();
    const visit = (key: string) => {
      if (loadedFirst.has(key)) return;
      loadedFirst.add(key);
      for (const imported of chunks[key]?.imports ?? []) visit(imported);
    };
    visit('index.html');
    const first = [...loadedFirst].join(' ');
    expect(first).not.toMatch(/qrcode|workbox-window|src\/extras/);
    expect(chunks['src/extras/index.ts']).toBeDefined();
    expect(chunks['index.html']?.dynamicImports).toContain('src/extras/index.ts');
    expect(existsSync(join(APP, chunks['src/extras/index.ts']!.file))).toBe(true);
  });
});
