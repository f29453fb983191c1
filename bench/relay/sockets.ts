import { performance } from 'node:perf_hooks';
import { WebSocket } from 'ws';

/** A client socket, resolved once open; compression off, as the app's phones have it. */
export const openSocket = (url: string) =>
  new Promise<WebSocket>((resolve, reject) => {
    const socket = new WebSocket(url, { perMessageDeflate: false });
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });

export const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits for `check`, polling; false when `timeoutMs` passed first. */
export async function until(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const end = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > end) return false;
    await wait(20);
  }
  return true;
}
