/**
 * The record file of `--record` (PROTOCOL.md's docs: "Rehearse without a
 * crowd"), read by `crowdstick replay`: a header line, then one JSON line for
 * every message the installations received, with when.
 */
import {
  parseControllerMessage,
  type ControllerMessage,
  type InstallationEvent,
} from './protocol.js';

/** The first line: what the file is, and when (by the wall clock) the recording began. */
export interface RecordHeader {
  crowdstick: 'record';
  version: 1;
  started: string;
}

/**
 * Every later line: `t`, milliseconds since the recording began on the
 * relay's monotonic clock (a wall clock set back mid-show would reorder
 * nothing), and the message as the installations got it, slot and all.
 */
export interface RecordLine {
  t: number;
  event: InstallationEvent;
}

export const RECORD_VERSION = 1;

export const recordHeaderLine = (started: Date): string =>
  `${JSON.stringify({ crowdstick: 'record', version: RECORD_VERSION, started: started.toISOString() })}\n`;

export const recordLine = (t: number, event: InstallationEvent): string =>
  `${JSON.stringify({ t: Math.round(t * 1000) / 1000, event })}\n`;

/** A header line's fields, or null when the line is not one. */
export function parseRecordHeader(text: string): RecordHeader | null {
  try {
    const value = JSON.parse(text) as Partial<RecordHeader>;
    return value?.crowdstick === 'record' && typeof value.started === 'string'
      ? { crowdstick: 'record', version: RECORD_VERSION, started: value.started }
      : null;
  } catch {
    return null;
  }
}

/** What one record line replays: when, and the phone's own message (checked, without the slot). */
export interface ReplayStep {
  t: number;
  message: ControllerMessage;
  /** The relay wrote this delete when the phone's socket ended: the replay ends the socket. */
  socketEnded: boolean;
}

/** Reads one line; null for a line that is not a record of a phone's message (a torn last line, say). */
export function parseRecordLine(text: string): ReplayStep | null {
  let value: { t?: unknown; event?: { reason?: unknown } };
  try {
    value = JSON.parse(text) as typeof value;
  } catch {
    return null;
  }
  const t = value?.t;
  if (typeof t !== 'number' || !Number.isFinite(t) || t < 0) return null;
  const parsed = parseControllerMessage(JSON.stringify(value.event));
  if (!parsed.ok) return null;
  const socketEnded = parsed.message.type === 'delete' && value.event?.reason === 'disconnect';
  return { t, message: parsed.message, socketEnded };
}
