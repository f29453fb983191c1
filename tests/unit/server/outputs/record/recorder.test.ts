import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRecorder, RECORD_GATHER_MS } from '../../../../../server/outputs/record/recorder';
import type { InstallationEvent } from '../../../../../src/shared/protocol';
import { parseRecordHeader, parseRecordLine } from '../../../../../src/shared/record';

const folder = () => mkdtempSync(join(tmpdir(), 'crowdstick-record-'));
const settle = () => new Promise((resolve) => setTimeout(resolve, RECORD_GATHER_MS * 3));

const update = (n: number): InstallationEvent => ({
  type: 'update',
  sliderId: 7,
  slot: 1,
  x: n / 1000,
  y: 0,
  speed: 1,
  angle: 0,
});

function linesOf(file: string): string[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line !== '');
}

describe('createRecorder', () => {
  it('writes a header, then each event as a line with its time, in order', async () => {
    const file = join(folder(), 'show.jsonl');
    let clock = 1000;
    const recorder = createRecorder({
      file,
      maxBytes: 1e9,
      keep: 5,
      warn: () => {},
      now: () => clock,
    });
    recorder.publish({ type: 'connect', sliderId: 7, slot: 1 });
    clock += 12.3456;
    recorder.publish(update(500));
    clock += 10;
    recorder.publish({ type: 'delete', sliderId: 7, slot: 1 });
    await settle();
    const [header, ...rest] = linesOf(file);
    expect(parseRecordHeader(header!)).toMatchObject({ crowdstick: 'record', version: 1 });
    expect(rest.map((line) => JSON.parse(line))).toEqual([
      { t: 0, event: { type: 'connect', sliderId: 7, slot: 1 } },
      { t: 12.346, event: update(500) },
      { t: 22.346, event: { type: 'delete', sliderId: 7, slot: 1 } },
    ]);
    expect(recorder.stats()).toMatchObject({ lines: 3, rotations: 0, errors: 0 });
    recorder.close();
  });

  it('appends to a file it wrote before, without a second header', async () => {
    const file = join(folder(), 'show.jsonl');
    for (let run = 0; run < 2; run++) {
      const recorder = createRecorder({ file, maxBytes: 1e9, keep: 5, warn: () => {} });
      recorder.publish(update(run));
      recorder.close();
    }
    const lines = linesOf(file);
    expect(lines.filter((line) => parseRecordHeader(line) !== null)).toHaveLength(1);
    expect(lines.slice(1).map((line) => parseRecordLine(line)?.message)).toEqual([
      { type: 'update', sliderId: 7, x: 0, y: 0, speed: 1, angle: 0 },
      { type: 'update', sliderId: 7, x: 0.001, y: 0, speed: 1, angle: 0 },
    ]);
  });

  it('rotates past its size, keeping as many old files as asked, each whole and with its header', async () => {
    const dir = folder();
    const file = join(dir, 'show.jsonl');
    const recorder = createRecorder({ file, maxBytes: 400, keep: 2, warn: () => {} });
    for (let n = 0; n < 40; n++) {
      recorder.publish(update(n));
      await settle();
    }
    recorder.close();
    expect(recorder.stats().rotations).toBeGreaterThan(2);
    expect(existsSync(`${file}.1`)).toBe(true);
    expect(existsSync(`${file}.2`)).toBe(true);
    expect(existsSync(`${file}.3`)).toBe(false);
    const xs: number[] = [];
    for (const part of [`${file}.2`, `${file}.1`, file]) {
      const [header, ...rest] = linesOf(part);
      expect(parseRecordHeader(header!)).not.toBeNull();
      for (const line of rest) xs.push((parseRecordLine(line)!.message as { x: number }).x);
    }
    // The newest lines, none lost between the files kept, in order.
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
    expect(xs.at(-1)).toBe(0.039);
    for (let i = 1; i < xs.length; i++) expect(Math.round((xs[i]! - xs[i - 1]!) * 1000)).toBe(1);
  });

  it('fails at start with the file and the reason when it cannot open the file', () => {
    const file = join(folder(), 'missing', 'show.jsonl');
    expect(() => createRecorder({ file, maxBytes: 1e9, keep: 5, warn: () => {} })).toThrow(
      `crowdstick: --record ${file}: cannot open it for writing (ENOENT)`,
    );
  });

  it('counts a failed write and says so once, and goes on', async () => {
    const warnings: string[] = [];
    // Every write to /dev/full fails with ENOSPC, as on a full disk.
    const recorder = createRecorder({
      file: '/dev/full',
      maxBytes: 1e12,
      keep: 0,
      warn: (line) => warnings.push(line),
    });
    recorder.publish(update(1));
    await settle();
    recorder.publish(update(2));
    await settle();
    expect(recorder.stats()).toMatchObject({ lines: 0, errors: 3 });
    expect(warnings).toEqual([
      'crowdstick: --record /dev/full: a write failed (ENOSPC); its lines are lost, later ones are tried again, further failures only counted',
    ]);
    recorder.close();
  });

  it('gives an empty file it finds a header', () => {
    const file = join(folder(), 'show.jsonl');
    writeFileSync(file, '');
    const recorder = createRecorder({ file, maxBytes: 1e9, keep: 5, warn: () => {} });
    recorder.close();
    expect(linesOf(file)).toHaveLength(1);
  });
});
