import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { RelayProcess } from '../helpers/relayProcess';
import { relayTest } from '../helpers/relayTest';
import { encodeOsc, freeUdpPort, sendRaw } from '../relay/osc/liblo';

const RECEIVER = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '../../examples/osc/receiver.mjs',
);

/** What a test started, stopped after it. */
const relays = relayTest();

interface Receiver {
  child: ChildProcess;
  output(): string;
  /** The last table printed: its `Crowdstick: ...` line and a line per player. */
  lastTable(): string[];
  /** Waits until the last table printed satisfies `ready`. */
  waitForTable(ready: (lines: string[]) => boolean, timeoutMs?: number): Promise<string[]>;
  exited: Promise<number | null>;
}

/** Runs `node examples/osc/receiver.mjs ...args` as an installation maker would. */
function startReceiver(args: string[]): Receiver {
  const child = spawn(process.execPath, [RECEIVER, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((done) => child.once('close', done));
  relays.later(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    return exited;
  });
  const lastTable = () => {
    const start = output.lastIndexOf('Crowdstick: ');
    return start === -1 ? [] : output.slice(start).trimEnd().split('\n');
  };
  return {
    child,
    output: () => output,
    lastTable,
    exited,
    async waitForTable(ready, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (!ready(lastTable())) {
        if (Date.now() > deadline) {
          throw new Error(`receiver.mjs never printed the table expected; it printed:\n${output}`);
        }
        await new Promise((wait) => setTimeout(wait, 20));
      }
      return lastTable();
    },
  };
}

/** A receiver listening on a free port, and a relay sending it OSC. */
async function receiverAndRelay(): Promise<{ receiver: Receiver; relay: RelayProcess }> {
  const port = await freeUdpPort();
  const receiver = startReceiver(['--port', String(port)]);
  await receiver.waitForTable((lines) => lines[0] === 'Crowdstick: no players');
  expect(receiver.output()).toContain(`Listening for Crowdstick OSC on UDP port ${port}\n`);
  const relay = await relays.start(['--osc', `127.0.0.1:${port}`]);
  return { receiver, relay };
}

/** A phone of user `id` that said connect and was told its slot. */
const phone = relays.joinedPhone;

/** A player's line as the receiver prints it, starting with these columns, spacing aside. */
const row = (...columns: string[]) =>
  new RegExp(`^ +${columns.map((column) => column.replace(/ /g, ' +')).join(' +')}(?: |$)`);

describe('the OSC receiver example (examples/osc/receiver.mjs)', () => {
  it('prints each player by slot with their stick and sliders, and drops them when they leave', async () => {
    const { receiver, relay } = await receiverAndRelay();
    const first = await phone(relay, 4242);
    first.send({ type: 'update', sliderId: 4242, x: 0.5, y: -0.25, speed: 56, angle: 333 });
    first.send({ type: 'slider', sliderId: 4242, name: 'zoom', value: 0.75 });
    const second = await phone(relay, 4343);
    second.send({ type: 'update', sliderId: 4343, x: -1, y: 0.123, speed: 100, angle: 173 });

    const both = await receiver.waitForTable(
      (lines) => lines.length === 3 && /173/.test(lines[2] ?? ''),
    );
    expect(both[0]).toBe('Crowdstick: 2 players');
    expect(both[1]).toMatch(
      row('slot 1', 'id 4242', 'x 0.500', 'y -0.250', 'speed 56', 'angle 333', 'zoom 0.750'),
    );
    expect(both[2]).toMatch(
      row('slot 2', 'id 4343', 'x -1.000', 'y 0.123', 'speed 100', 'angle 173'),
    );

    first.send({ type: 'delete', sliderId: 4242 });
    const left = await receiver.waitForTable((lines) => lines[0] === 'Crowdstick: 1 player');
    expect(left).toHaveLength(2);
    expect(left[1]).toMatch(row('slot 2', 'id 4343'));

    await second.close();
    await receiver.waitForTable((lines) => lines.join('\n') === 'Crowdstick: no players');
  });

  it('fills its table from the refresh when it starts after the phones', async () => {
    const port = await freeUdpPort();
    const relay = await relays.start(['--osc', `127.0.0.1:${port}`]);
    const client = await phone(relay, 5151);
    client.send({ type: 'update', sliderId: 5151, x: 0.25, y: 0.75, speed: 79, angle: 72 });
    client.send({ type: 'slider', sliderId: 5151, name: 'hue', value: 0.5 });

    const receiver = startReceiver(['--port', String(port)]);
    const table = await receiver.waitForTable((lines) => lines.length === 2, 4000);
    // The refresh carries no id: that came with the connect, which went out before.
    expect(table[1]).toMatch(
      row('slot 1', 'id -', 'x 0.250', 'y 0.750', 'speed 79', 'angle 72', 'hue 0.500'),
    );
  });

  it('drops a player whose delete was lost once the refreshes stop listing them', async () => {
    const port = await freeUdpPort();
    const receiver = startReceiver(['--port', String(port)]);
    await receiver.waitForTable((lines) => lines[0] === 'Crowdstick: no players');
    const float = (value: number) => ({ type: 'float' as const, value });
    // A join as the relay sends it; the leave that follows is lost on the way.
    await sendRaw(
      port,
      encodeOsc({
        timetag: [0, 1],
        elements: [
          {
            address: '/crowdstick/connect',
            args: [
              { type: 'integer', value: 4 },
              { type: 'integer', value: 404 },
            ],
          },
          { address: '/crowdstick/4/active', args: [float(1)] },
          { address: '/crowdstick/count', args: [float(1)] },
        ],
      }),
    );
    await receiver.waitForTable(
      (lines) => lines.length === 2 && row('slot 4', 'id 404').test(lines[1] ?? ''),
    );
    // Refreshes that no longer list player 4: the count first, as every refresh starts.
    const refresh = encodeOsc({
      timetag: [0, 1],
      elements: [{ address: '/crowdstick/count', args: [float(0)] }],
    });
    await sendRaw(port, refresh);
    // A value for player 4 after it, which does not confirm them as present: once the
    // table shows it, the refresh was read, and player 4 is still there.
    await sendRaw(
      port,
      encodeOsc({
        timetag: [0, 1],
        elements: [{ address: '/crowdstick/4/x', args: [float(0.5)] }],
      }),
    );
    await receiver.waitForTable(
      (lines) => lines.length === 2 && row('slot 4', 'id 404', 'x 0.500').test(lines[1] ?? ''),
    );
    await new Promise((wait) => setTimeout(wait, 3000));
    await sendRaw(port, refresh);
    await receiver.waitForTable((lines) => lines.join('\n') === 'Crowdstick: no players');
  });

  it('exits with code 2 and says why for a bad --port', async () => {
    const receiver = startReceiver(['--port', 'nine']);
    expect(await receiver.exited).toBe(2);
    expect(receiver.output()).toBe('receiver: --port must be an integer in 1..65535, got "nine"\n');
  });
});
