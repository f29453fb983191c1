import { LAYOUT_EVENT, MAX_SLOT, parsePhoneEvent, SLOT_EVENT } from '../shared/protocol';

/** The most characters of a `text` event the banner shows. */
export const BANNER_MAX_CHARS = 200;

/** How long a banner stays after the latest `text`, before it fades out. */
export const BANNER_SHOWN_MS = 6000;

/** What an incoming frame can do to the phone. */
export interface IncomingEffects {
  reply(text: string): void;
  setColor(color: string | null): void;
  setBanner(text: string | null): void;
  /** The relay gave this user a slot: "player N". */
  setSlot(slot: number): void;
  /** The installation sent a layout, not yet checked. */
  applyLayout?: (layout: unknown) => void;
  vibrate?: (pattern: number | number[]) => void;
}

const isDuration = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0;

const isSlot = (value: unknown): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= MAX_SLOT;

const isVibration = (value: unknown): value is number | number[] =>
  isDuration(value) || (Array.isArray(value) && value.every(isDuration));

/** The first `count` characters, counted in code points so an emoji is never cut in half. */
function firstChars(text: string, count: number): string {
  return text.length <= count ? text : Array.from(text).slice(0, count).join('');
}

/**
 * Acts on one text frame from the relay: `ping` is answered with `pong`; the
 * `color`, `text`, `vibrate` and `slot` events take effect when their data has
 * the right type, and `layout` hands its data on to be checked (an empty string clears the colour or banner). Everything else,
 * malformed JSON included, is ignored; nothing here throws.
 */
export function handleIncoming(text: string, effects: IncomingEffects): void {
  if (text === 'ping') return effects.reply('pong');
  const event = parsePhoneEvent(text);
  if (!event) return;
  const { data } = event;
  switch (event.event) {
    case 'color':
      if (typeof data === 'string') effects.setColor(data === '' ? null : data);
      return;
    case 'text':
      if (typeof data === 'string')
        effects.setBanner(data === '' ? null : firstChars(data, BANNER_MAX_CHARS));
      return;
    case 'vibrate':
      if (!isVibration(data) || !effects.vibrate) return;
      try {
        effects.vibrate(data);
      } catch {
        // A platform that refuses to vibrate is no reason to break the socket's handler.
      }
      return;
    case SLOT_EVENT:
      if (isSlot(data)) effects.setSlot(data);
      return;
    case LAYOUT_EVENT:
      effects.applyLayout?.(data);
      return;
  }
}
