/**
 * An update's bundle from a template: the four stick messages of a slot
 * differ from one update to the next in their four floats only, so each
 * slot's bundle is encoded once and every update copies it and writes the
 * floats. An update is most of what the relay sends, 30 a second a phone.
 */
import type { StickValues } from '../../../src/shared/protocol.js';
import { bundleBytes, stickMessages } from './oscAddresses.js';
import { encodeBundle } from './oscEncode.js';

interface Template {
  bytes: Buffer;
  /** Where x, y, speed and angle go in it: each message's last 4 bytes. */
  x: number;
  y: number;
  speed: number;
  angle: number;
}

/** Slots whose templates are kept; a crowd past this many starts the cache over. */
const MAX_TEMPLATES = 65536;
const ZERO_STICK = { x: 0, y: 0, speed: 0, angle: 0 };

const templates = new Map<number, Template>();

function templateOf(slot: number): Template {
  let template = templates.get(slot);
  if (template) return template;
  const messages = stickMessages(slot, ZERO_STICK);
  const bytes = encodeBundle(messages);
  // The bundle header, then each element: its size, then the message whose value ends it.
  const ends: number[] = [];
  let offset = bundleBytes([]);
  for (const message of messages) {
    offset += bundleBytes([message]) - bundleBytes([]);
    ends.push(offset - 4);
  }
  template = { bytes, x: ends[0]!, y: ends[1]!, speed: ends[2]!, angle: ends[3]! };
  if (templates.size >= MAX_TEMPLATES) templates.clear();
  templates.set(slot, template);
  return template;
}

/** The size of `slot`'s update bundle. */
export const updateBundleBytes = (slot: number): number => templateOf(slot).bytes.length;

/** Writes the bundle of `slot`'s update at `offset`, byte for byte as `encodeBundle(stickMessages(…))`. */
export function writeUpdate(slot: number, stick: StickValues, into: Buffer, offset: number): void {
  const template = templateOf(slot);
  template.bytes.copy(into, offset);
  into.writeFloatBE(stick.x, offset + template.x);
  into.writeFloatBE(stick.y, offset + template.y);
  into.writeFloatBE(stick.speed, offset + template.speed);
  into.writeFloatBE(stick.angle, offset + template.angle);
}
