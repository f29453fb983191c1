import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_OPTIONS } from '../server/node/options';

const built = (path: string) => readFileSync(join(DEFAULT_OPTIONS.appDir, path), 'utf8');
const scriptOf = (html: string) => /<script type="module"[^>]* src="\/([^"]+)"/.exec(html)?.[1];

describe('the built monitor page', () => {
  it('is a page of its own that the phone app never loads', () => {
    const index = built('index.html');
    const monitor = built('monitor.html');
    expect(index).not.toContain('monitor');
    expect(scriptOf(monitor)).toMatch(/^assets\/monitor-[\w-]+\.js$/);
    expect(scriptOf(index)).not.toBe(scriptOf(monitor));
  });

  it('is one small script that imports no chunk of the phone app', () => {
    const script = built(scriptOf(built('monitor.html'))!);
    expect(script).not.toMatch(/\bimport\s*[\s{*(]|\bfrom\s*["']/);
    expect(Buffer.byteLength(script)).toBeLessThan(16 * 1024);
  });
});
