import { spawn, type ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { toBuffer } from 'osc-min';

/**
 * liblo's command-line tools (Debian's liblo-tools) as an independent OSC
 * implementation to test against: `oscdump` prints what a receiver gets,
 * `oscsend` sends what an installation would.
 */

/** One line `oscdump` printed: `TIMETAG ADDRESS TYPES VALUE...`. */
export interface DumpLine {
  /** liblo's time tag for the packet; every message of one bundle shares it. */
  timetag: string;
  address: string;
  types: string;
  /** The values as printed: numbers with `%f`'s six decimals, strings in quotes. */
  values: string[];
}

export interface OscDump {
  port: number;
  /** The lines so far, the readiness probes left out. */
  lines(): DumpLine[];
  /** Waits until `ready(lines)` holds, failing after `timeoutMs` with the lines so far. */
  waitFor(ready: (lines: DumpLine[]) => boolean, timeoutMs?: number): Promise<DumpLine[]>;
  /** Stops oscdump by its pid and waits for it to exit. */
  stop(): Promise<void>;
}

const PROBE_ADDRESS = '/liblo-test/probe';

function parseLine(line: string): DumpLine | null {
  const [timetag, address, types, ...values] = line.split(' ');
  if (timetag === undefined || address === undefined || !address.startsWith('/')) return null;
  return { timetag, address, types: types ?? '', values };
}

/** A UDP port that was free a moment ago (bound to port 0, then let go). */
export function freeUdpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = createSocket('udp4');
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', () => {
      const { port } = socket.address();
      socket.close(() => resolve(port));
    });
  });
}

/** Sends one datagram from a throwaway socket. */
export function sendRaw(port: number, datagram: Uint8Array, host = '127.0.0.1'): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = createSocket(host.includes(':') ? 'udp6' : 'udp4');
    socket.once('error', reject);
    socket.send(datagram, port, host, (error) => {
      socket.close();
      if (error) reject(error);
      else resolve();
    });
  });
}

const osc = (packet: Parameters<typeof toBuffer>[0]) => {
  const view = toBuffer(packet);
  return new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
};
export { osc as encodeOsc };

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) {
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    process.kill(child.pid as number, 'SIGTERM');
  });
}

async function waitUntil<T>(
  check: () => T | undefined,
  timeoutMs: number,
  what: () => string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms: ${what()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * Starts `oscdump -L PORT` (line-buffered) on `port`, or on a free port, and
 * resolves once it prints a probe sent to it, so it is surely listening.
 */
export async function startOscDump(port?: number): Promise<OscDump> {
  if (port !== undefined) return startOscDumpOn(port);
  // A port found free may be taken before oscdump binds it: try another.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOscDumpOn(await freeUdpPort());
    } catch (error) {
      if (attempt === 3) throw error;
    }
  }
}

async function startOscDumpOn(chosen: number): Promise<OscDump> {
  const child = spawn('oscdump', ['-L', String(chosen)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  let errors = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  const spawned = new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', (error) =>
      reject(new Error(`Could not run oscdump (apt-get install liblo-tools): ${error.message}`)),
    );
  });
  await spawned;
  const all = () =>
    output
      .split('\n')
      .map(parseLine)
      .filter((line): line is DumpLine => line !== null);
  const lines = () => all().filter((line) => line.address !== PROBE_ADDRESS);

  const probe = osc({ address: PROBE_ADDRESS, args: [] });
  try {
    await waitUntil(
      () => {
        if (child.exitCode !== null) throw new Error(`oscdump exited: ${errors}`);
        if (all().some((line) => line.address === PROBE_ADDRESS)) return true;
        void sendRaw(chosen, probe).catch(() => undefined);
        return undefined;
      },
      5000,
      () => `oscdump on ${chosen} printed no probe (${errors})`,
    );
  } catch (error) {
    await stopChild(child);
    throw error;
  }

  return {
    port: chosen,
    lines,
    waitFor: (ready, timeoutMs = 5000) =>
      waitUntil(
        () => {
          const now = lines();
          return ready(now) ? now : undefined;
        },
        timeoutMs,
        () => `oscdump printed:\n${output}`,
      ),
    stop: () => stopChild(child),
  };
}

/** Runs `oscsend 127.0.0.1 PORT ADDRESS TYPES VALUE...` to the end. */
export function oscSend(
  port: number,
  address: string,
  types: string,
  ...values: string[]
): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('oscsend', ['127.0.0.1', String(port), address, types, ...values], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let errors = '';
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    child.once('error', (error) =>
      reject(new Error(`Could not run oscsend (apt-get install liblo-tools): ${error.message}`)),
    );
    child.once('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`oscsend exited ${code}: ${errors}`)),
    );
  });
}

/** Polls `check` every 20 ms until it returns true; fails after `timeoutMs` with `what()`. */
export function eventually(
  check: () => boolean,
  what: () => string,
  timeoutMs = 5000,
): Promise<void> {
  return waitUntil(() => (check() ? true : undefined), timeoutMs, what).then(() => undefined);
}
