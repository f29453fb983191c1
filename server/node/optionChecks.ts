/**
 * The checks of the relay's options that are not a number in a range: each
 * takes the text as given and the flag it came from, and returns the value or
 * throws the exact line to print. The option table names which flag uses which.
 */
import { readFileSync, statSync } from 'node:fs';
import { isIP, isIPv4 } from 'node:net';
import { resolve } from 'node:path';
import { normalizeAddress } from './access.js';
import { parseOrigin } from './origin.js';
import { checkLayout, layoutProblemText, type Layout } from '../../src/shared/layout.js';

/** Throws the line main prints for a bad option, prefixed as every relay message is. */
export const fail = (message: string): never => {
  throw new Error(`crowdstick: ${message}`);
};

/** Each flag given, by name without its dashes, with every value in the order given. */
export type GivenFlags = ReadonlyMap<string, readonly string[]>;

/** Any text but the empty one (`--token=` is a mistake, not a token). */
export function nonEmpty(text: string, source: string): string {
  if (text === '') fail(`${source} must not be empty`);
  return text;
}

/** A host name or an address; four dotted numbers must be an IPv4 address, so a typo is caught here. */
export function parseHost(text: string, source: string): string {
  nonEmpty(text, source);
  if (/^\d+(\.\d+){3}$/.test(text) && !isIPv4(text)) {
    fail(`${source} must be an IP address or a host name, got "${text}"`);
  }
  return text;
}

/** An absolute http or https URL, normalised (a bare host gets its trailing slash). */
export function parsePublicUrl(text: string, source: string): string {
  let url: URL | null = null;
  if (/^https?:\/\/[^/]/i.test(text)) {
    try {
      url = new URL(text);
    } catch {
      url = null;
    }
  }
  if (url === null || url.username !== '' || url.password !== '') {
    return fail(
      `${source} must be an absolute http:// or https:// URL, such as https://play.example.org/, got "${text}"`,
    );
  }
  return url.href;
}

/** A Redis URL: redis:// or rediss://, with a host (a password may ride in it, as Redis URLs do). */
export function parseRedisUrl(text: string, source: string): string {
  let url: URL | null = null;
  if (/^rediss?:\/\/[^/]/i.test(text)) {
    try {
      url = new URL(text);
    } catch {
      url = null;
    }
  }
  if (url === null || url.hostname === '') {
    return fail(
      `${source} must be a redis:// or rediss:// URL, such as redis://127.0.0.1:6379, got "${text}"`,
    );
  }
  return text;
}

/** An IP address, normalised so that `::ffff:10.0.0.2` matches the socket's `10.0.0.2`. */
export function parseIpAddress(text: string, source: string): string {
  if (isIP(text) === 0) fail(`${source} must be an IP address, got "${text}"`);
  return normalizeAddress(text);
}

/** A page origin (`https://example.org`), normalised, or `*` for any. */
export function parseAllowedOrigin(text: string, source: string): string {
  return (
    parseOrigin(text) ??
    fail(`${source} must be an origin such as https://example.org, got "${text}"`)
  );
}

/** A folder, resolved from the working folder. */
export function parseFolder(text: string, source: string): string {
  const dir = resolve(nonEmpty(text, source));
  if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory()) {
    fail(`${source} must be a folder, got "${text}"`);
  }
  return dir;
}

/** A layout file, read and checked now, so a wrong file fails the start with the field and why. */
export function readLayout(file: string, source: string): Layout {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return fail(
      `${source} ${file}: cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return fail(`${source} ${file}: not JSON (${(error as Error).message})`);
  }
  const checked = checkLayout(value);
  return checked.ok ? checked.layout : fail(`${source} ${file}: ${layoutProblemText(checked)}`);
}

/** A certificate is no use without its key, nor a key without its certificate. */
export function certWithKey(given: GivenFlags): void {
  if (given.has('cert') !== given.has('key')) fail('--cert and --key must be given together');
}

/** More than one worker: they share their crowd over Redis, and one certificate. */
export function workersWithRedis(given: GivenFlags): void {
  const workers = Number(given.get('workers')?.at(-1) ?? '1');
  if (!(workers > 1)) return;
  if (!given.has('redis'))
    fail('--workers needs --redis URL: the workers share their crowd over it');
  if (given.has('https') && !given.has('cert')) {
    fail(
      '--workers with --https needs --cert and --key: each worker would make a certificate of its own',
    );
  }
}

/** `--app-dir` names the app to serve, `--no-app` says there is none: not both. */
export function appDirOrNoApp(given: GivenFlags): void {
  if (given.has('app-dir') && given.has('no-app')) {
    fail('--app-dir and --no-app cannot be given together');
  }
}
