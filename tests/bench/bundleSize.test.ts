import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { measureInitialBundle } from '../../bench/bundleSize';

describe('measuring the initial bundle', () => {
  it('counts what index.html loads and what those scripts import statically, but not lazy chunks', () => {
    const app = mkdtempSync(join(tmpdir(), 'bundle-'));
    mkdirSync(join(app, 'assets'));
    writeFileSync(
      join(app, 'index.html'),
      '<script type="module" crossorigin src="/assets/entry.js"></script>' +
        '<link rel="stylesheet" href="/assets/style.css"><link rel="icon" href="/icon.svg">',
    );
    writeFileSync(
      join(app, 'assets/entry.js'),
      'import{a as b}from"./runtime.js";import"./side.js";const l=()=>import("./lazy.js");',
    );
    writeFileSync(join(app, 'assets/runtime.js'), 'export const a=1;');
    writeFileSync(join(app, 'assets/side.js'), 'import{a}from"./runtime.js";');
    writeFileSync(join(app, 'assets/lazy.js'), 'export default 1;');
    writeFileSync(join(app, 'assets/style.css'), 'body{margin:0}');

    const bundle = measureInitialBundle(app);
    expect(bundle.files.map((file) => file.path).sort()).toEqual([
      '/assets/entry.js',
      '/assets/runtime.js',
      '/assets/side.js',
      '/assets/style.css',
    ]);
    expect(bundle.jsGzipBytes).toBe(
      bundle.files.filter((f) => f.path.endsWith('.js')).reduce((sum, f) => sum + f.gzipBytes, 0),
    );
  });
});
