import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRecordHeader, parseRecordLine } from '../../../src/shared/record';
import { startRelayProcess } from '../../helpers/relayProcess';
import { relayTest } from '../../helpers/relayTest';
import { crowdstick } from '../../helpers/crowdstickCommand';
import type { Received } from '../../helpers/wsClient';

const relays = relayTest();
const open = relays.open;

const recordFile = () => join(mkdtempSync(join(tmpdir(), 'crowdstick-record-')), 'show.jsonl');
const relayRecordingTo = (file: string, args: string[] = []) =>
  relays.start(['--no-app', '--record', file, ...args]);

/** The record's lines after its header, each as JSON. */
function recorded(file: string): { t: number; event: Received }[] {
  const [header, ...lines] = readFileSync(file, 'utf8').split('\n').filter(Boolean);
  expect(parseRecordHeader(header!)).not.toBeNull();
  return lines.map((line) => JSON.parse(line));
}

describe('the relay with --record', () => {
  it('appends exactly what the installations get, in order, with rising times', async () => {
    const file = recordFile();
    const relay = await relayRecordingTo(file);
    const installation = await open(relay.installationUrl);
    const phone = await open(relay.phoneSocketUrl);
    for (const message of [
      { type: 'connect', sliderId: 5 },
      { type: 'update', sliderId: 5, x: 0.5, y: -0.5, speed: 71, angle: 315 },
      { type: 'slider', sliderId: 5, name: 'zoom', value: 0.25 },
      { type: 'button', sliderId: 5, name: 'fire', pressed: true },
      { type: 'button', sliderId: 5, name: 'fire', pressed: false },
      { type: 'delete', sliderId: 5 },
    ]) {
      phone.send(message);
    }
    await installation.waitUntil((all) => all.some((m: Received) => m.type === 'delete'));
    const health = await relay.waitForHealth((h) => h.record?.lines === 6);
    expect(health.record).toMatchObject({ file, lines: 6, rotations: 0, errors: 0 });
    const lines = recorded(file);
    expect(lines.map((line) => line.event)).toEqual(installation.received);
    for (let i = 1; i < lines.length; i++)
      expect(lines[i]!.t).toBeGreaterThanOrEqual(lines[i - 1]!.t);
  });

  it('ends the record with everyone’s delete when the relay stops', async () => {
    const file = recordFile();
    const relay = await relayRecordingTo(file);
    const phone = await open(relay.phoneSocketUrl);
    phone.send({ type: 'connect', sliderId: 8 });
    await relay.waitForHealth((h) => h.record?.lines === 1);
    await relay.stop();
    expect(recorded(file).map((line) => line.event)).toEqual([
      { type: 'connect', sliderId: 8, slot: 1 },
      { type: 'delete', sliderId: 8, slot: 1, reason: 'disconnect' },
    ]);
  });

  it('survives a kill -9 mid-show with a file that reads to its last line, and replays', async () => {
    const file = recordFile();
    const relay = await relayRecordingTo(file);
    const crowd = spawn(
      process.execPath,
      [
        'dist/relay/cli/crowdstick.js',
        'simulate',
        '--phones',
        '30',
        '--relay',
        relay.httpUrl,
        '--arrival',
        '0.3',
      ],
      { stdio: 'ignore' },
    );
    relays.later(() => crowd.kill('SIGKILL'));
    await relay.waitForHealth((h) => (h.record?.lines ?? 0) > 2000, 15_000);
    process.kill(relay.pid, 'SIGKILL');
    await relay.exited;
    crowd.kill('SIGKILL');

    const text = readFileSync(file, 'utf8');
    // Whole lines only: the last write ended with its newline.
    expect(text.endsWith('\n')).toBe(true);
    const [header, ...lines] = text.split('\n').filter(Boolean);
    expect(parseRecordHeader(header!)).not.toBeNull();
    expect(lines.length).toBeGreaterThan(2000);
    for (const line of lines) expect(parseRecordLine(line), line).not.toBeNull();

    // And the show plays again, into a fresh relay, as phones.
    const again = await relays.start(['--no-app']);
    const watcher = await open(again.installationUrl);
    expect(
      (await crowdstick(['replay', file, '--relay', again.httpUrl, '--speed', '4'])).code,
    ).toBe(0);
    await again.waitForHealth((h) => h.users === 0 && h.controllers === 0);
    const joined = new Set(
      watcher.received
        .filter((m: Received) => m.type === 'connect')
        .map((m: Received) => m.sliderId),
    );
    const recordedJoins = new Set(
      lines
        .map((line) => parseRecordLine(line)!.message)
        .filter((m) => m.type === 'connect')
        .map((m) => m.sliderId),
    );
    expect(joined).toEqual(recordedJoins);
  });

  it('refuses to start when the file cannot be written, naming it and why', async () => {
    const file = join(recordFile(), 'not-a-folder', 'show.jsonl');
    await expect(startRelayProcess(['--no-app', '--record', file])).rejects.toThrow(
      `crowdstick: --record ${file}: cannot open it for writing (ENOENT)`,
    );
  });
});
