import { statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { join } from 'node:path';
import QRCode from 'qrcode';
import sirv from 'sirv';
import { guardFileStreams } from './fileStreams.js';

export interface HttpOptions {
  /** The built app (Vite's dist/app); null when the app is hosted elsewhere (`--no-app`). */
  appDir: string | null;
  /** Open sockets, for /healthz; any further fields of the object (counters) are served too. */
  counts(): { controllers: number; installations: number };
  /** The phone URLs on the LAN; may be empty. */
  phoneUrls(): string[];
  /** Where the first file error of each kind is reported. */
  warn?: (line: string) => void;
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

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The first LAN URL, or (none found, e.g. behind a proxy) the address the browser used. */
function phoneUrlFor(request: IncomingMessage, lan: string[]): string {
  const first = lan[0];
  if (first !== undefined) return first;
  const https =
    (request.socket as TLSSocket).encrypted === true ||
    request.headers['x-forwarded-proto'] === 'https';
  return `${https ? 'https' : 'http'}://${request.headers.host ?? 'localhost'}/`;
}

async function qrPage(url: string): Promise<string> {
  const svg = await QRCode.toString(url, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' });
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Crowdstick: scan to join</title>
<style>
  html, body { margin: 0; height: 100%; background: #fff; color: #000; }
  body { display: flex; flex-direction: column; align-items: center; justify-content: center;
         gap: 2vmin; font-family: system-ui, sans-serif; }
  svg { width: min(90vw, 82vh); height: auto; }
  p { margin: 0; font-size: clamp(16px, 4vmin, 56px); text-align: center; overflow-wrap: anywhere; }
</style>
</head>
<body>
${svg}
<p>${escapeHtml(url)}</p>
</body>
</html>
`;
}

/**
 * Serves the built app with sirv. The file table is rebuilt whenever index.html
 * changes, so a rebuild while the relay runs is picked up without a restart.
 */
function appFiles(
  appDir: string,
  fileErrors: FileErrorCounts,
  warn: (line: string) => void,
): Handler {
  const indexPath = join(appDir, 'index.html');
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
        single: true,
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
  const serveApp = options.appDir === null ? noApp : appFiles(options.appDir, fileErrors, warn);
  return (request, response) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.setHeader('Allow', 'GET, HEAD');
      sendText(response, 405, 'Method not allowed\n');
      return;
    }
    const path = (request.url ?? '/').split('?')[0];
    if (path === '/healthz') {
      // `ok`, `controllers` and `installations` first and unchanged (PROTOCOL.md); counters after.
      const { controllers, installations, ...counters } = options.counts();
      const body = JSON.stringify({
        ok: true,
        controllers,
        installations,
        ...counters,
        fileErrors: { ...fileErrors },
      });
      sendText(response, 200, body, 'application/json');
      return;
    }
    if (path === '/qr') {
      qrPage(phoneUrlFor(request, options.phoneUrls())).then(
        (page) => sendText(response, 200, page, 'text/html'),
        (error: Error) => sendText(response, 500, `Could not draw the QR code: ${error.message}\n`),
      );
      return;
    }
    serveApp(request, response);
  };
}
