import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPython } from '../helpers/python';
import { startRelayProcess, type RelayProcess } from '../helpers/relayProcess';

const HARNESS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), 'touchdesigner');

let relay: RelayProcess;

beforeAll(async () => {
  // The harness's phones send as fast as Python can, far over a real phone's rate;
  // the script is under test here, not the relay's rate limit.
  relay = await startRelayProcess(['--phone-rate', '10000', '--phone-burst', '10000']);
});

afterAll(async () => {
  await relay?.stop();
});

describe('the TouchDesigner callbacks script, run outside TouchDesigner', () => {
  it('keeps the table at one row per live phone through joins, moves, leaves and a reconnect, plain and batched', async () => {
    // The scenarios are Python unittest cases (test_callbacks.py): the very script,
    // a fake Table DAT, a real socket to this relay, and phones on /ws.
    const { code, output } = await runPython(['-m', 'unittest', '-v', 'test_callbacks'], {
      cwd: HARNESS_DIR,
      env: { CROWDSTICK_HTTP_URL: relay.httpUrl },
    });
    expect(code, output).toBe(0);
    // Plain and batched through every scenario: a harness that found no tests would also exit 0.
    expect(Number(/^Ran (\d+) tests/m.exec(output)?.[1]), output).toBeGreaterThanOrEqual(17);
  }, 120_000);
});
