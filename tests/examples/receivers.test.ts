import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PYTHON } from '../helpers/python';
import { startRelayProcess, type RelayProcess } from '../helpers/relayProcess';
import { openClient } from '../helpers/wsClient';

const EXAMPLES = resolve(dirname(fileURLToPath(import.meta.url)), '../../examples');
const COLOURS = ['#ff3366', '#33cc99', '#ffcc00', '#3399ff', '#cc66ff'];

let relay: RelayProcess;
let receiver: ChildProcess | null = null;

beforeAll(async () => {
  relay = await startRelayProcess();
});

afterEach(() => {
  receiver?.kill();
  receiver = null;
});

afterAll(async () => {
  await relay?.stop();
});

/** Waits until this many installations are connected. */
const installationsConnected = (count: number) =>
  relay.waitForHealth((health) => health.installations === count, 10_000);

/** Starts a receiver and resolves with a function that waits for its output to contain a text. */
function startReceiver(command: string, script: string) {
  let output = '';
  const child = spawn(command, [resolve(EXAMPLES, script), relay.installationUrl], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  receiver = child;
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return async (expected: string): Promise<void> => {
    const deadline = Date.now() + 5000;
    while (!output.includes(expected)) {
      if (Date.now() > deadline)
        throw new Error(`${script} never printed "${expected}":\n${output}`);
      await new Promise((resolveWait) => setTimeout(resolveWait, 20));
    }
  };
}

describe.each([
  ['Python', PYTHON, 'receiver.py'],
  ['Node', process.execPath, 'receiver.mjs'],
])('the minimal %s receiver', (_language, command, script) => {
  it('is under 40 lines', () => {
    expect(
      readFileSync(resolve(EXAMPLES, script), 'utf8').trimEnd().split('\n').length,
    ).toBeLessThan(40);
  });

  it('prints what each player does and tints each newcomer with the colour of their slot', async () => {
    const printed = startReceiver(command, script);
    await installationsConnected(1);
    /** A phone that joined, with the slot the relay told it. */
    const join = async (id: number) => {
      const phone = await openClient(relay.phoneSocketUrl);
      phone.send({ type: 'connect', sliderId: id });
      const { data: slot } = await phone.next((m) => m.event === 'slot');
      return { phone, slot: slot as number };
    };
    const first = await join(4242);
    const second = await join(4343);
    expect(second.slot).toBe(first.slot + 1);
    const colourOf = (slot: number) => COLOURS[(slot - 1) % COLOURS.length];
    // Sent by slot, so each phone gets its own colour, and no other.
    expect(await first.phone.next()).toEqual({ event: 'color', data: colourOf(first.slot) });
    expect(await second.phone.next()).toEqual({ event: 'color', data: colourOf(second.slot) });
    expect(first.phone.received).toHaveLength(2);

    const id = 4242;
    const { phone, slot } = first;
    phone.send({ type: 'update', sliderId: id, x: 0.5, y: -0.25, speed: 56, angle: 333 });
    phone.send({ type: 'slider', sliderId: id, name: 'gain', value: 0.75 });
    phone.send({ type: 'delete', sliderId: id });
    await printed(`player ${slot} (id ${id}) joined, tinted ${colourOf(slot)}`);
    await printed(`player ${second.slot} (id 4343) joined, tinted ${colourOf(second.slot)}`);
    await printed(`player ${slot} stick x=0.5 y=-0.25 speed=56 angle=333`);
    await printed(`player ${slot} slider gain=0.75`);
    await printed(`player ${slot} left`);
    await Promise.all([phone.close(), second.phone.close()]);
  });
});
