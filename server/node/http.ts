import { statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { join } from 'node:path';
import sirv from 'sirv';
import { DEFAULT_LAYOUT, type Layout } from '../../src/shared/layout.js';
import { guardFileStreams } from './fileStreams.js';
import { NO_PHONE_URL_PAGE, phoneUrlWithKnobs, qrPage } from './qrPage.js';

export interface HttpOptions {
  /** The built app (Vite's dist/app); null when the app is hosted elsewhere (`--no-app`). */
  appDir: string | null;
  /**
   * The package's own build, where the monitor's page is served from whatever
   * `appDir` says: the monitor is the relay's page, not the app's.
   */
  monitorDir: string;
  /** The URL visitors open (`--public-url`), in place of the first LAN address. */
  publicUrl?: string;
  /** Open sockets, for /healthz; any further fields of the object (counters) are served too. */
  counts(): { controllers: number; installations: number; monitors?: number };
  /** The phone URLs on the LAN; may be empty. */
  phoneUrls(): string[];
  /** Where the first file error of each kind is reported. */
  warn?: (line: string) => void;
  /** The layout phones start with (`--layout FILE`, checked); the default when not given. */
  layout?: Layout;
}

/** Files of the app that could not be read, by error code, for /healthz. */
type FileErrorCounts = Record<string, number>;

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

/** Vite's content-hashed output: safe to cache for good. */
const IMMUTABLE_PREFIX = '/assets/';
const IMMUTABLE = 'public, max-age=31536000, immutable';

function sendText(response: ServerResponse, status: number, text: string, type = 'text/plain') {
  response.writeHead(status, {
    'Content-Type': `${type}; charset=utf-8`,
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
  });
  response.end(text);
}

/**
 * The URL the QR code encodes: `--public-url`; else, where this relay serves
 * the app, the first LAN URL, or (none found, e.g. behind a proxy) the address
 * the browser used; null when there is no app to point at.
 */
function phoneUrlFor(request: IncomingMessage, options: HttpOptions): string | null {
  if (options.publicUrl !== undefined) return options.publicUrl;
  if (options.appDir === null) return null;
  const first = options.phoneUrls()[0];
  if (first !== undefined) return first;
  const https =
    (request.socket as TLSSocket).encrypted === true ||
    request.headers['x-forwarded-proto'] === 'https';
  return `${https ? 'https' : 'http'}://${request.headers.host ?? 'localhost'}/`;
}

/** The monitor's page and its own assets (`monitor-*`, no chunk of the app's: see tests/monitor.html.test.ts). */
const MONITOR_PATH = /^\/(?:monitor(?:\.html)?|assets\/monitor-[\w-]+\.(?:js|css))$/;

/**
 * Serves a Vite build with sirv. The file table is rebuilt whenever its entry
 * page changes, so a rebuild while the relay runs is picked up without a
 * restart. `single`: paths that are no file fall back to the entry (the app).
 */
function builtFiles(
  appDir: string,
  fileErrors: FileErrorCounts,
  warn: (line: string) => void,
  { entry, single }: { entry: string; single: boolean } = { entry: 'index.html', single: true },
): Handler {
  const indexPath = join(appDir, entry);
  let current: { builtAt: number; serve: ReturnType<typeof sirv> } | null = null;
  return (request, response) => {
    let builtAt: number;
    try {
      builtAt = statSync(indexPath).mtimeMs;
    } catch {
      sendText(
        response,
        503,
        `Crowdstick: the app is not built (${indexPath} is missing). Run \`npm run build\`, then reload.\n`,
      );
      return;
    }
    if (current?.builtAt !== builtAt) {
      const serve = sirv(appDir, {
        single,
        etag: true,
        // The build writes .br and .gz copies (vite.config.ts); sirv picks the one
        // the browser accepts.
        brotli: true,
        gzip: true,
        // A missing hashed asset is a 404, never index.html cached for a year.
        ignores: [`^${IMMUTABLE_PREFIX}`],
        setHeaders: (res, pathname) =>
          res.setHeader(
            'Cache-Control',
            pathname.startsWith(IMMUTABLE_PREFIX) ? IMMUTABLE : 'no-cache',
          ),
      });
      current = { builtAt, serve };
    }
    const path = request.url ?? '/';
    guardFileStreams(
      response,
      (error) => {
        const code = error.code ?? 'unknown';
        fileErrors[code] = (fileErrors[code] ?? 0) + 1;
        if (fileErrors[code] === 1) {
          warn(
            `crowdstick: could not read a file of the app for ${path.split('?')[0]?.slice(0, 200)} (${code}); further ${code} errors are only counted`,
          );
        }
      },
      (status) => {
        if (status === 503) response.setHeader('Retry-After', '1');
        sendText(
          response,
          status,
          status === 404 ? 'Not found\n' : `The file could not be read; try again (${status})\n`,
        );
      },
    );
    current.serve(request, response, () => sendText(response, 404, 'Not found\n'));
  };
}

/** `--no-app`: the phones use a copy of the app hosted elsewhere, with `?ws=` pointing here. */
const noApp: Handler = (_request, response) =>
  sendText(
    response,
    404,
    'Crowdstick: this relay serves no app (--no-app). Open the hosted copy with ?ws= pointing here.\n',
  );

/** The HTTP side of the relay: /healthz, /qr, and the app's static files. */
export function createRequestHandler(options: HttpOptions): Handler {
  const fileErrors: FileErrorCounts = {};
  const warn = options.warn ?? ((line: string) => console.error(line));
  const serveApp = options.appDir === null ? noApp : builtFiles(options.appDir, fileErrors, warn);
  const serveMonitor = builtFiles(options.monitorDir, fileErrors, warn, {
    entry: 'monitor.html',
    single: false,
  });
  return (request, response) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.setHeader('Allow', 'GET, HEAD');
      sendText(response, 405, 'Method not allowed\n');
      return;
    }
    const path = (request.url ?? '/').split('?')[0];
    if (path === '/healthz') {
      // `ok`, `controllers` and `installations` first and unchanged (PROTOCOL.md); counters after.
      const { controllers, installations, monitors = 0, ...counters } = options.counts();
      const body = JSON.stringify({
        ok: true,
        controllers,
        installations,
        monitors,
        ...counters,
        fileErrors: { ...fileErrors },
      });
      sendText(response, 200, body, 'application/json');
      return;
    }
    if (path === '/layout.json') {
      // Read by pages hosted elsewhere too (hosted mode): it says nothing secret.
      response.setHeader('Access-Control-Allow-Origin', '*');
      sendText(response, 200, JSON.stringify(options.layout ?? DEFAULT_LAYOUT), 'application/json');
      return;
    }
    if (path === '/qr') {
      const phoneUrl = phoneUrlFor(request, options);
      if (phoneUrl === null) {
        sendText(response, 200, NO_PHONE_URL_PAGE, 'text/html');
        return;
      }
      const query = (request.url ?? '').split('?')[1] ?? '';
      qrPage(phoneUrlWithKnobs(phoneUrl, query)).then(
        (page) => sendText(response, 200, page, 'text/html'),
        (error: Error) => sendText(response, 500, `Could not draw the QR code: ${error.message}\n`),
      );
      return;
    }
    if (MONITOR_PATH.test(path ?? '')) serveMonitor(request, response);
    else serveApp(request, response);
  };
}
