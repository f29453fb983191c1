/**
 * Installed in the page before its own scripts (Playwright's addInitScript):
 * records input events, socket sends, React commits and frame times, touching
 * no app code. Runs in the browser, so it is passed as a function's source.
 */
export function instrumentPage(): void {
  interface Probe {
    /** `t`: when the browser made the event; `handled`: when the page got to run it. */
    inputs: Array<{ t: number; handled: number; type: string }>;
    sends: Array<{ t: number; data: string }>;
    commits: number;
    frames: number[];
  }
  const probe: Probe = { inputs: [], sends: [], commits: 0, frames: [] };
  (window as unknown as { __probe: Probe }).__probe = probe;

  // The moment the browser made each input event, on the page's clock.
  for (const type of ['pointerdown', 'pointermove', 'pointerup']) {
    const record = (event: Event) =>
      probe.inputs.push({ t: event.timeStamp, handled: performance.now(), type });
    window.addEventListener(type, record, { capture: true });
  }

  const send = WebSocket.prototype.send;
  WebSocket.prototype.send = function (this: WebSocket, data) {
    if (typeof data === 'string') probe.sends.push({ t: performance.now(), data });
    return send.call(this, data);
  };

  // React reports every commit to a DevTools hook, production builds included.
  (window as unknown as Record<string, unknown>).__REACT_DEVTOOLS_GLOBAL_HOOK__ = {
    supportsFiber: true,
    renderers: new Map(),
    inject: () => 1,
    onCommitFiberRoot: () => {
      probe.commits += 1;
    },
    onCommitFiberUnmount: () => {},
    onPostCommitFiberRoot: () => {},
    checkDCE: () => {},
  };

  let last = 0;
  const frame = (now: number) => {
    if (last > 0) probe.frames.push(now - last);
    last = now;
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
}
