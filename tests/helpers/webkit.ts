import { spawn, type ChildProcess } from 'node:child_process';
import { Builder, type WebDriver } from 'selenium-webdriver';
import { DriverService } from 'selenium-webdriver/remote';

/** Debian's webkit2gtk-driver; WEBKIT_DRIVER_PATH names another. */
export const WEBKIT_DRIVER_PATH = process.env.WEBKIT_DRIVER_PATH ?? '/usr/bin/WebKitWebDriver';

/** The GTK MiniBrowser of Debian's libwebkit2gtk-4.1; MINIBROWSER_PATH names another. */
export const MINIBROWSER_PATH =
  process.env.MINIBROWSER_PATH ?? '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';

/**
 * The narrowest window MiniBrowser keeps: it grows any smaller one to this,
 * so a page in WebKit is laid out this wide, a little wider than a phone.
 */
export const WEBKIT_WINDOW = { width: 447, height: 844 };

const XVFB_START_TIMEOUT_MS = 10_000;

/** A virtual X display, for a browser that has no headless mode. */
export interface VirtualDisplay {
  /** `:N`, for DISPLAY. */
  display: string;
  /** Stops the server (by its pid) and resolves once it has exited. */
  stop(): Promise<void>;
}

/** Resolves once the child has exited, at once if it already has. */
function exitOf(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/**
 * Starts Xvfb on a free display. `-displayfd` has the server take the first
 * free number itself and write it back, so tests running at once never race
 * for one.
 */
export function startXvfb(): Promise<VirtualDisplay> {
  const xvfb = spawn(
    'Xvfb',
    ['-displayfd', '3', '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'],
    { stdio: ['ignore', 'ignore', 'pipe', 'pipe'] },
  );
  const exited = exitOf(xvfb);
  const stop = async () => {
    xvfb.kill('SIGTERM');
    await exited;
  };
  return new Promise((resolve, reject) => {
    let written = '';
    let errors = '';
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`Xvfb named no display within ${XVFB_START_TIMEOUT_MS} ms:\n${errors}`));
    }, XVFB_START_TIMEOUT_MS);
    xvfb.stderr!.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    xvfb.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    xvfb.stdio[3]!.on('data', (chunk: Buffer) => {
      written += chunk.toString();
      if (!written.includes('\n')) return;
      clearTimeout(timer);
      resolve({ display: `:${written.trim()}`, stop });
    });
  });
}

/** A WebKit session: MiniBrowser driven by WebKitWebDriver on its own display. */
export interface WebKitSession {
  driver: WebDriver;
  /** Ends the session, then stops the driver and the display. */
  stop(): Promise<void>;
}

/**
 * Starts Xvfb, WebKitWebDriver on a free loopback port and a MiniBrowser in
 * automation mode, with its window as small as it goes. The driver service
 * must be asked on the loopback address: WebKitWebDriver listens nowhere else.
 */
export async function launchWebKit(): Promise<WebKitSession> {
  const screen = await startXvfb();
  const service = new DriverService.Builder(WEBKIT_DRIVER_PATH)
    .setLoopback(true)
    .setEnvironment({ ...process.env, DISPLAY: screen.display })
    .build();
  try {
    const url = await service.start(XVFB_START_TIMEOUT_MS);
    const driver = await new Builder()
      .usingServer(url)
      .withCapabilities({
        browserName: 'MiniBrowser',
        'webkitgtk:browserOptions': { binary: MINIBROWSER_PATH, args: ['--automation'] },
      })
      .build();
    await driver.manage().window().setRect(WEBKIT_WINDOW);
    return {
      driver,
      async stop() {
        await driver.quit().catch(() => undefined);
        await service.kill();
        await screen.stop();
      },
    };
  } catch (error) {
    await service.kill();
    await screen.stop();
    throw error;
  }
}
