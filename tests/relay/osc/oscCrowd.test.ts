import { afterEach, describe, expect, it } from 'vitest';
import { createOscOutput, type OscOutput } from '../../../server/outputs/osc/oscOutput';
import type { CrowdMessage } from '../../../src/shared/protocol';
import { eventually, startOscDump, type OscDump } from './liblo';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

describe('the OSC output’s crowd', () => {
  it('sends the crowd as one to oscdump when it changes: count, x, y and speed', async () => {
    const receiver: OscDump = await startOscDump();
    cleanups.push(() => receiver.stop());
    let crowd: CrowdMessage = {
      type: 'crowd',
      count: 3,
      x: 0.25,
      y: -0.5,
      speed: 40,
      sliders: {},
      buttons: {},
    };
    const output: OscOutput = createOscOutput([{ host: '127.0.0.1', port: receiver.port }], {
      present: () => [],
      crowd: () => crowd,
      crowdHz: 20,
      refreshMs: 60_000,
      warn: () => {},
    });
    cleanups.push(() => output.close());
    const crowdLines = () =>
      receiver.lines().filter((line) => line.address.startsWith('/crowdstick/crowd/'));
    await eventually(
      () => crowdLines().length >= 4,
      () => JSON.stringify(receiver.lines()),
    );
    expect(
      crowdLines()
        .slice(0, 4)
        .map((line) => [line.address, line.types, line.values]),
    ).toEqual([
      ['/crowdstick/crowd/count', 'f', ['3.000000']],
      ['/crowdstick/crowd/x', 'f', ['0.250000']],
      ['/crowdstick/crowd/y', 'f', ['-0.500000']],
      ['/crowdstick/crowd/speed', 'f', ['40.000000']],
    ]);
    // A still room is not sent again (20 reads a second, for 300 ms).
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(crowdLines()).toHaveLength(4);
    crowd = { ...crowd, count: 1, x: -1 };
    await eventually(
      () =>
        crowdLines().some(
          (line) => line.address === '/crowdstick/crowd/x' && line.values[0] === '-1.000000',
        ),
      () => JSON.stringify(crowdLines().slice(-4)),
    );
  });

  it('sends a still room again with each refresh, for a receiver that started late', async () => {
    const receiver = await startOscDump();
    cleanups.push(() => receiver.stop());
    const output = createOscOutput([{ host: '127.0.0.1', port: receiver.port }], {
      present: () => [],
      crowd: () => ({ type: 'crowd', count: 2, x: 0, y: 0, speed: 0, sliders: {}, buttons: {} }),
      crowdHz: 30,
      refreshMs: 200,
      warn: () => {},
    });
    cleanups.push(() => output.close());
    const counts = () =>
      receiver.lines().filter((line) => line.address === '/crowdstick/crowd/count');
    await eventually(
      () => counts().length >= 3,
      () => JSON.stringify(receiver.lines()),
    );
  });

  it('sends none at --osc-crowd 0', async () => {
    const receiver = await startOscDump();
    cleanups.push(() => receiver.stop());
    const output = createOscOutput([{ host: '127.0.0.1', port: receiver.port }], {
      present: () => [],
      crowd: () => ({ type: 'crowd', count: 0, x: 0, y: 0, speed: 0, sliders: {}, buttons: {} }),
      crowdHz: 0,
      refreshMs: 50,
      warn: () => {},
    });
    cleanups.push(() => output.close());
    // The refresh runs meanwhile, so the receiver is shown to hear the output at all.
    await eventually(
      () => receiver.lines().some((line) => line.address === '/crowdstick/count'),
      () => JSON.stringify(receiver.lines()),
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(
      receiver.lines().filter((line) => line.address.startsWith('/crowdstick/crowd/')),
    ).toEqual([]);
  });
});
