import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseReplayOptions } from '../../cli/replay/options';
import { withSlot, type ControllerMessage } from '../../src/shared/protocol';
import { recordHeaderLine, recordLine } from '../../src/shared/record';
import { crowdstick as command } from '../helpers/crowdstickCommand';
import { relayTest } from '../helpers/relayTest';
import type { Received } from '../helpers/wsClient';

const relays = relayTest();

/** The command, with a Ctrl-C after `interruptAfterMs` when given. */
const crowdstick = (args: string[], interruptAfterMs?: number) =>
  command(
    args,
    interruptAfterMs === undefined ? undefined : { name: 'SIGINT', afterMs: interruptAfterMs },
  );

/** A short show: two visitors, one of whose phones dropped off, and a line torn by a crash. */
const SHOW: [number, ControllerMessage & { reason?: 'disconnect' }][] = [
  [0, { type: 'connect', sliderId: 11 }],
  [40, { type: 'update', sliderId: 11, x: 0.5, y: 0.25, speed: 56, angle: 27 }],
  [80, { type: 'connect', sliderId: 22 }],
  [120, { type: 'slider', sliderId: 22, name: 'zoom', value: 0.75 }],
  [160, { type: 'update', sliderId: 11, x: 0, y: 0, speed: 0, angle: 0 }],
  [200, { type: 'update', sliderId: 22, x: -1, y: 0, speed: 100, angle: 180 }],
  [240, { type: 'delete', sliderId: 11 }],
  [280, { type: 'delete', sliderId: 22, reason: 'disconnect' }],
];

function writeShow(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'crowdstick-replay-')), 'show.jsonl');
  const lines = SHOW.map(([t, message], index) =>
    recordLine(t, withSlot(message, index % 2 ? 2 : 1)),
  );
  writeFileSync(file, recordHeaderLine(new Date()) + lines.join('') + '{"t":300,"event":{"ty');
  return file;
}

/** The events as the phones sent them: without the slot the relay adds. */
const asSent = (received: Received[]) =>
  received
    .filter((message) => typeof message?.sliderId === 'number')
    .map(({ slot: _slot, ...message }) => message);

describe('crowdstick replay', () => {
  it('plays a recorded show into a real relay as phones, in order, and skips a torn last line', async () => {
    const { relay, installation } = await relays.startWatched(['--no-app']);
    const run = await crowdstick(['replay', writeShow(), '--relay', relay.httpUrl, '--speed', '4']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    await relay.waitForHealth((health) => health.users === 0 && health.controllers === 0);
    // Each phone's messages in its order; phones' sockets open in their own time, so
    // two phones' messages close together may swap.
    const got = asSent(installation.received);
    for (const id of [11, 22]) {
      expect(got.filter((m) => m.sliderId === id)).toEqual(
        SHOW.map(([, message]) => message).filter((m) => m.sliderId === id),
      );
    }
    expect(run.stdout).toMatch(/1 unreadable line skipped; every phone said delete$/m);
  });

  it('loops until Ctrl-C, every round a new show, and ends with every phone’s delete', async () => {
    const { relay, installation } = await relays.startWatched(['--no-app']);
    const run = await crowdstick(
      ['replay', writeShow(), '--relay', relay.httpUrl, '--speed', '10', '--loop'],
      1500,
    );
    expect(run.code).toBe(0);
    await relay.waitForHealth((health) => health.users === 0 && health.controllers === 0);
    const events = asSent(installation.received);
    const firstJoins = events.filter((m) => m.type === 'connect' && m.sliderId === 11);
    expect(firstJoins.length).toBeGreaterThanOrEqual(2);
    // Whatever round Ctrl-C stopped, nobody is left behind.
    for (const id of [11, 22]) {
      const mine = events.filter((m) => m.sliderId === id);
      expect(mine.at(-1)?.type).toBe('delete');
    }
    expect(run.stdout).toMatch(
      / \d+ rounds(, 1 unreadable line skipped)?, stopped; every phone said delete$/m,
    );
  });

  it('says so when the file cannot be read', async () => {
    const run = await crowdstick([
      'replay',
      '/nonexistent/show.jsonl',
      '--relay',
      'http://127.0.0.1:1',
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toBe(
      'crowdstick replay: cannot read /nonexistent/show.jsonl (ENOENT)',
    );
  });
});

describe('parseReplayOptions', () => {
  it('takes the file, the relay, the speed and the loop', () => {
    expect(
      parseReplayOptions(['show.jsonl', '--relay', 'http://h:8080', '--speed', '2.5', '--loop']),
    ).toEqual({
      file: 'show.jsonl',
      url: 'ws://h:8080/ws',
      speed: 2.5,
      loop: true,
    });
  });

  it.each([
    [['--relay', 'http://h:1'], 'crowdstick replay: the record FILE is required (see --help)'],
    [['a', 'b', '--relay', 'http://h:1'], 'crowdstick replay: one record FILE at a time, got 2'],
    [['a'], 'crowdstick replay: --relay URL is required (see --help)'],
    [
      ['a', '--relay', 'http://h:1', '--speed', '0'],
      'crowdstick replay: --speed must be a number in 0.1..10, got "0"',
    ],
    [
      ['a', '--relay', 'http://h:1', '--speed', 'fast'],
      'crowdstick replay: --speed must be a number in 0.1..10, got "fast"',
    ],
    [
      ['a', '--relay', 'http://h:1', '--fast'],
      'crowdstick replay: unknown option "--fast" (see --help)',
    ],
  ])('refuses %j with an exact message', (argv, message) => {
    expect(() => parseReplayOptions(argv)).toThrow(message);
  });
});
