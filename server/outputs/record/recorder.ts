/**
 * `--record FILE`: every message the installations receive, one JSON line
 * each (src/shared/record.ts), appended as the show goes. Lines are gathered
 * for up to RECORD_GATHER_MS and written with one system call of whole lines,
 * so a relay killed at any instant leaves a file that reads to its last line,
 * less at most that moment's lines. They go to the kernel, not through
 * fsync: a crash of the machine may lose the last seconds the kernel had not
 * yet put on disk.
 */
import { closeSync, existsSync, openSync, renameSync, statSync, writeSync } from 'node:fs';
import type { InstallationEvent } from '../../../src/shared/protocol.js';
import { recordHeaderLine, recordLine } from '../../../src/shared/record.js';
import type { RelayOutput } from '../../core/output.js';

export interface RecorderOptions {
  file: string;
  /** Past this size the file is rotated: FILE becomes FILE.1, FILE.1 FILE.2 and so on. */
  maxBytes: number;
  /** Rotated files kept; the oldest beyond this is overwritten. */
  keep: number;
  warn(line: string): void;
  /** The monotonic clock, in milliseconds; tests may give their own. */
  now?: () => number;
}

export const DEFAULT_RECORDER = Object.freeze({ maxBytes: 100 * 1024 * 1024, keep: 5 });

/** How long lines may wait to share one write: short against a show, long against 30,000 events a second. */
export const RECORD_GATHER_MS = 20;

export interface RecorderStats {
  file: string;
  /** Lines written since the relay started, header lines not counted. */
  lines: number;
  /** The current file's size. */
  bytes: number;
  rotations: number;
  /** Writes that failed (a full disk, say); their lines are lost, later ones are tried again. */
  errors: number;
}

export interface Recorder extends RelayOutput {
  stats(): RecorderStats;
  /** Writes what waits, and closes the file. */
  close(): void;
}

/**
 * Opens FILE for appending (a header line first when it is new or empty), or
 * throws the exact line to print when it cannot be opened.
 */
export function createRecorder(options: RecorderOptions): Recorder {
  const { file, maxBytes, keep, warn } = options;
  const now = options.now ?? (() => performance.now());
  const startedAt = now();
  let fd = -1;
  let bytes = 0;
  let lines = 0;
  let rotations = 0;
  let errors = 0;
  let pending: string[] = [];
  let gathering: NodeJS.Timeout | null = null;

  const open = () => {
    try {
      fd = openSync(file, 'a');
      bytes = statSync(file).size;
    } catch (error) {
      throw new Error(
        `crowdstick: --record ${file}: cannot open it for writing (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
        { cause: error },
      );
    }
    // A new file says what it is; one the relay appends to again already does.
    if (bytes === 0) write(recordHeaderLine(new Date()));
  };

  const write = (text: string) => {
    try {
      const data = Buffer.from(text);
      let offset = 0;
      while (offset < data.length) offset += writeSync(fd, data, offset);
      bytes += data.length;
      return true;
    } catch (error) {
      errors += 1;
      if (errors === 1) {
        warn(
          `crowdstick: --record ${file}: a write failed (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); its lines are lost, later ones are tried again, further failures only counted`,
        );
      }
      return false;
    }
  };

  const rotate = () => {
    closeSync(fd);
    for (let n = keep - 1; n >= 1; n--) {
      if (existsSync(`${file}.${n}`)) renameSync(`${file}.${n}`, `${file}.${n + 1}`);
    }
    if (keep >= 1) renameSync(file, `${file}.1`);
    rotations += 1;
    // keep 0: the file starts over in place.
    fd = openSync(file, keep >= 1 ? 'a' : 'w');
    bytes = 0;
    write(recordHeaderLine(new Date()));
  };

  const flush = () => {
    gathering = null;
    if (pending.length === 0) return;
    const text = pending.join('');
    const count = pending.length;
    pending = [];
    if (write(text)) lines += count;
    if (bytes >= maxBytes) {
      try {
        rotate();
      } catch (error) {
        errors += 1;
        warn(`crowdstick: --record ${file}: could not rotate (${(error as Error).message})`);
      }
    }
  };

  open();

  return {
    publish(event: InstallationEvent) {
      pending.push(recordLine(now() - startedAt, event));
      gathering ??= setTimeout(flush, RECORD_GATHER_MS);
    },
    stats: () => ({ file, lines, bytes, rotations, errors }),
    close() {
      if (gathering) clearTimeout(gathering);
      flush();
      try {
        closeSync(fd);
      } catch {
        // Already closed by a failed rotation: nothing to release.
      }
    },
  };
}
