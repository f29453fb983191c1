/**
 * Plays a record file through replay phones on the file's own clock, scaled
 * by `speed`. The file is read a line at a time, so a long show needs no
 * more memory than a short one.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseRecordHeader, parseRecordLine } from '../../src/shared/record.js';
import { createReplayPhone, type ReplayPhone } from './replayPhone.js';

export interface PlayResult {
  /** Record lines played, and those skipped as unreadable (a torn last line). */
  played: number;
  skipped: number;
  /** The show's length on its own clock, in milliseconds. */
  showMs: number;
}

export interface Player {
  /** Plays the file once; resolves at its end, or early once `stop` was called. */
  playOnce(): Promise<PlayResult>;
  /** Phones now holding a socket, and messages sent so far. */
  status(): { phones: number; sent: number; atMs: number };
  /** Every phone says `delete` and closes. */
  stopPhones(): Promise<void>;
  /** Ends `playOnce` at the next line. */
  stop(): void;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function createPlayer(file: string, url: string, speed: number): Player {
  const phones = new Map<number, ReplayPhone>();
  let stopped = false;
  let sentBefore = 0;
  let atMs = 0;
  let wake: (() => void) | null = null;

  const phone = (id: number) => {
    let found = phones.get(id);
    if (!found) phones.set(id, (found = createReplayPhone(url, id)));
    return found;
  };

  const stopPhones = async () => {
    const all = [...phones.values()];
    phones.clear();
    for (const one of all) sentBefore += one.sent();
    await Promise.all(all.map((one) => one.stop()));
  };

  return {
    async playOnce() {
      const lines = createInterface({
        input: createReadStream(file, { encoding: 'utf8' }),
        crlfDelay: Infinity,
      });
      const startedAt = performance.now();
      let played = 0;
      let skipped = 0;
      let first = true;
      for await (const text of lines) {
        if (stopped) break;
        if (first) {
          first = false;
          if (parseRecordHeader(text)) continue;
        }
        if (text.trim() === '') continue;
        const step = parseRecordLine(text);
        if (!step) {
          skipped += 1;
          continue;
        }
        const wait = startedAt + step.t / speed - performance.now();
        if (wait > 1) {
          await Promise.race([sleep(wait), new Promise<void>((resolve) => (wake = resolve))]);
          wake = null;
          if (stopped) break;
        }
        atMs = step.t;
        const target = phone(step.message.sliderId);
        if (step.socketEnded) target.drop();
        else target.send(step.message);
        played += 1;
      }
      lines.close();
      return { played, skipped, showMs: atMs };
    },
    status() {
      let sent = sentBefore;
      for (const one of phones.values()) sent += one.sent();
      return { phones: phones.size, sent, atMs };
    },
    stopPhones,
    stop() {
      stopped = true;
      wake?.();
    },
  };
}
