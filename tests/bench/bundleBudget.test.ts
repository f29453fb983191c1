import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { INITIAL_JS_BUDGET_BYTES, measureInitialBundle } from '../../bench/bundleSize';

const APP_DIR = resolve(import.meta.dirname, '../../dist/app');

describe("the phone app's initial bundle", () => {
  const bundle = measureInitialBundle(APP_DIR);

  it('loads at least one script and one stylesheet up front', () => {
    expect(bundle.files.some((file) => file.path.endsWith('.js'))).toBe(true);
    expect(bundle.cssGzipBytes).toBeGreaterThan(0);
  });

  it('keeps its initial JavaScript within 80 KB gzip', () => {
    expect(bundle.jsGzipBytes).toBeLessThanOrEqual(INITIAL_JS_BUDGET_BYTES);
  });

  it('leaves the QR code library out of the initial JavaScript', () => {
    const initial = bundle.files
      .filter((file) => file.path.endsWith('.js'))
      .map((file) => readFileSync(join(APP_DIR, file.path), 'utf8'))
      .join('');
    // A message only the qrcode package's encoder carries.
    expect(initial).not.toContain('BitMatrix size must be defined');
  });
});
