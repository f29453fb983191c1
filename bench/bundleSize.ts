import { readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { gzipSync } from 'node:zlib';

/**
 * What a phone on a slow network may load before it can be touched: 80 KB of
 * gzipped JavaScript, with K as 1024. React and zustand alone take about 69 kB;
 * the keyboard and the visitor states' words are in it too.
 */
export const INITIAL_JS_BUDGET_BYTES = 80 * 1024;

/** The gzip size of what a phone must load before its first touch. */
export interface InitialBundle {
  /** Each initial file, as the page names it, with its gzip size in bytes. */
  files: Array<{ path: string; gzipBytes: number }>;
  jsGzipBytes: number;
  cssGzipBytes: number;
}

/** The scripts, module preloads and stylesheets that index.html loads up front. */
function initialAssets(html: string): string[] {
  const paths = new Set<string>();
  const tags = html.match(/<(script|link)\b[^>]*>/g) ?? [];
  for (const tag of tags) {
    const isScript = tag.startsWith('<script') && /type="module"/.test(tag);
    const isPreload = /rel="modulepreload"/.test(tag);
    const isStyle = /rel="stylesheet"/.test(tag);
    const path = /(?:src|href)="([^"]+)"/.exec(tag)?.[1];
    if (path && !/^https?:/.test(path) && (isScript || isPreload || isStyle)) paths.add(path);
  }
  return [...paths];
}

/**
 * The chunks a module pulls in before it runs: its static `import ... from`
 * and bare `import "..."` statements, not `import()`, which is lazy.
 */
function staticImports(code: string, path: string): string[] {
  const found: string[] = [];
  for (const match of code.matchAll(/\bimport\s*(?:[\w*{}\s,$]+\s*from\s*)?["']([^"']+)["']/g)) {
    const target = match[1]!;
    if (target.startsWith('.')) found.push(posix.join(posix.dirname(path), target));
  }
  return found;
}

/**
 * Reads the built app's index.html and measures, gzipped as a server would
 * (zlib's default level, as Vite reports it), every JS and CSS file loaded
 * before anything is lazily imported: what index.html names, and every chunk
 * those scripts import statically.
 */
export function measureInitialBundle(appDir: string): InitialBundle {
  const html = readFileSync(join(appDir, 'index.html'), 'utf8');
  const pending = initialAssets(html);
  const seen = new Set<string>();
  const files: InitialBundle['files'] = [];
  for (let path = pending.shift(); path !== undefined; path = pending.shift()) {
    if (seen.has(path)) continue;
    seen.add(path);
    const content = readFileSync(join(appDir, path));
    files.push({ path, gzipBytes: gzipSync(content).length });
    if (path.endsWith('.js')) pending.push(...staticImports(content.toString('utf8'), path));
  }
  const total = (extension: string) =>
    files.filter((f) => f.path.endsWith(extension)).reduce((sum, f) => sum + f.gzipBytes, 0);
  return { files, jsGzipBytes: total('.js'), cssGzipBytes: total('.css') };
}
