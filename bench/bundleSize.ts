import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

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
 * Reads the built app's index.html and measures, gzipped as a server would
 * (zlib's default level, as Vite reports it), every JS
 * and CSS file it loads before anything is lazily imported.
 */
export function measureInitialBundle(appDir: string): InitialBundle {
  const html = readFileSync(join(appDir, 'index.html'), 'utf8');
  const files = initialAssets(html).map((path) => ({
    path,
    gzipBytes: gzipSync(readFileSync(join(appDir, path))).length,
  }));
  const total = (extension: string) =>
    files.filter((f) => f.path.endsWith(extension)).reduce((sum, f) => sum + f.gzipBytes, 0);
  return { files, jsGzipBytes: total('.js'), cssGzipBytes: total('.css') };
}
