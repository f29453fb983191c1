/**
 * The wire contract between phone, relay and installation (docs/PROTOCOL.md).
 * Imported by both the app and the relay, so it imports nothing but its own
 * close codes (closeCodes.ts) and touches neither the DOM nor Node.
 */

/** A user id: an integer in 1 ..= 2147483647, made once per browser tab. */
export * from './closeCodes.js';

export type UserId = number;

export const MAX_USER_ID = 2147483647;
export const MAX_SLIDER_NAME_LENGTH = 32;
export const MAX_SLIDERS = 4;
export const MAX_EVENT_NAME_LENGTH = 64;

/** Sent first after the socket opens, and again on the first interaction after a delete. */
export interface ConnectMessage {
  type: 'connect';
  sliderId: UserId;
}

/** The joystick's state: x/y in -1..1 (y up), speed 0..100, angle 0..359 counter-clockwise from the right. */
export interface UpdateMessage {
  type: 'update';
  sliderId: UserId;
  x: number;
  y: number;
  speed: number;
  angle: number;
}

/** One slider's value in 0..1. */
export interface SliderMessage {
  type: 'slider';
  sliderId: UserId;
  name: string;
  value: number;
}

/** A button went down (`pressed` true) or came up; never throttled, never merged. */
export interface ButtonMessage {
  type: 'button';
  sliderId: UserId;
  name: string;
  pressed: boolean;
}

/** The user left: idle, page hidden, or (from the relay only) the socket ended. */
export interface DeleteMessage {
  type: 'delete';
  sliderId: UserId;
  reason?: 'disconnect';
}

/** What a controller sends, and what the relay passes on to every installation. */
export type ControllerMessage =
  ConnectMessage | UpdateMessage | SliderMessage | ButtonMessage | DeleteMessage;

/**
 * What the relay tells installations about a user: the phone's message with
 * the user's slot beside `sliderId` (the smallest free player number when
 * they joined, theirs until they leave).
 */
export type Slotted<M extends ControllerMessage> = M & { slot: number };

/** Every message an installation gets about a user. */
export type InstallationEvent = Slotted<ControllerMessage>;

/** The most slots there can be: one per phone, and `--max-phones` is at most this. */
export const MAX_SLOT = 1_000_000;

/** The phone event by which the relay tells a phone its slot, after each `connect`. */
export const SLOT_EVENT = 'slot';

/** Adds `slot` to a message, right after `sliderId`, as installations read it. */
export function withSlot(message: ControllerMessage, slot: number): InstallationEvent {
  const sliderId = message.sliderId;
  switch (message.type) {
    case 'connect':
      return { type: 'connect', sliderId, slot };
    case 'update': {
      const { x, y, speed, angle } = message;
      return { type: 'update', sliderId, slot, x, y, speed, angle };
    }
    case 'slider':
      return { type: 'slider', sliderId, slot, name: message.name, value: message.value };
    case 'button':
      return { type: 'button', sliderId, slot, name: message.name, pressed: message.pressed };
    case 'delete':
      return message.reason
        ? { type: 'delete', sliderId, slot, reason: message.reason }
        : { type: 'delete', sliderId, slot };
  }
}

/** The joystick part of an update, as computed by the geometry. */
export interface StickValues {
  x: number;
  y: number;
  speed: number;
  angle: number;
}

/**
 * An installation asks the relay to pass an event to one phone or to all:
 * the phone named by its user id (`to`), or by the slot its user holds (`slot`).
 */
export type SendMessage =
  | { type: 'send'; to: UserId | 'all'; event: string; data: unknown }
  | { type: 'send'; slot: number; event: string; data: unknown };

/** The fewest and most batched frames a second an installation may ask for. */
export const MIN_BATCH = 1;
export const MAX_BATCH = 120;

/**
 * An installation asks, as its first message, for batched frames `batch` times
 * a second, for the crowd as one (`crowd` times a second), or both. Asked for
 * alone, the crowd is all it gets: no message about any one user.
 */
export interface SubscribeMessage {
  type: 'subscribe';
  batch?: number;
  crowd?: number;
}

/**
 * One user's whole latest state in a batched frame: the stick (0,0,0,0 until
 * its first update), every slider moved so far and every button pressed so
 * far (true while held), by name. A press and a release also come at once as
 * `button` messages, so a tap shorter than a frame is never lost.
 */
export interface FrameUser {
  sliderId: UserId;
  slot: number;
  x: number;
  y: number;
  speed: number;
  angle: number;
  sliders: Record<string, number>;
  buttons: Record<string, boolean>;
}

/** What a `crowd` subscriber gets N times a second: the crowd as one. */
export interface CrowdMessage {
  type: 'crowd';
  count: number;
  /** The mean stick over every present user; one who has not moved counts as at rest. */
  x: number;
  y: number;
  speed: number;
  /** Each slider's mean over the users who moved it. */
  sliders: Record<string, number>;
  /** For each button, how many users hold it now. */
  buttons: Record<string, number>;
}

/** What a batched installation gets N times a second: the users whose state changed since the last frame. */
export interface FrameMessage {
  type: 'frame';
  users: FrameUser[];
}

/**
 * An installation (the monitor's kick button) removes a phone: named by its
 * user id or by the slot its user holds. The relay closes it with
 * `KICKED_CLOSE_CODE` and turns that user id back for `--kick-seconds`.
 */
export type KickMessage = { type: 'kick'; to: UserId } | { type: 'kick'; slot: number };

/** What an installation may send to the relay. */
export type InstallationMessage = SendMessage | SubscribeMessage | KickMessage;

/**
 * The query parameter that makes a root-path socket a monitor (`/?monitor=1`):
 * an installation in every respect, counted apart (`monitors` in /healthz),
 * and sent a `phones` report once a second.
 */
export const MONITOR_PARAMETER = 'monitor';

/** One phone socket as the relay sees it, for the monitor. */
export interface PhoneReport {
  sliderId: UserId;
  /** The slot its user holds, or null while the user is away (after a `delete`). */
  slot: number | null;
  /** The round trip of the latest heartbeat ping, in milliseconds; null before the first. */
  rttMs: number | null;
  /** Frames the phone sent in the last second. */
  perSecond: number;
  /** Milliseconds since the relay last heard from it (a frame or a pong). */
  lastSeenMs: number;
}

/**
 * The page's knobs, its query parameters (PROTOCOL.md): `/qr` carries these
 * into the URL it encodes and drops any other.
 */
export const PAGE_KNOBS = ['ws', 'rate', 'idle', 'sliders', 'buttons', 'stick'] as const;

/** Sent to monitors only, once a second: every phone socket with a user id, by slot. */
export interface PhonesMessage {
  type: 'phones';
  /** The URL visitors open (the QR code's), or null when the relay serves no app and has no `--public-url`. */
  phoneUrl: string | null;
  phones: PhoneReport[];
}

/** What a phone receives from an installation, through the relay. */
export interface PhoneEvent {
  event: string;
  data: unknown;
}

export const connectMessage = (sliderId: UserId): ConnectMessage => ({ type: 'connect', sliderId });

export const updateMessage = (sliderId: UserId, stick: StickValues): UpdateMessage => ({
  type: 'update',
  sliderId,
  x: stick.x,
  y: stick.y,
  speed: stick.speed,
  angle: stick.angle,
});

export const sliderMessage = (sliderId: UserId, name: string, value: number): SliderMessage => ({
  type: 'slider',
  sliderId,
  name,
  value,
});

/** The phone event that swaps a phone's controls for a layout (layout.ts) at once. */
export const LAYOUT_EVENT = 'layout';

export const buttonMessage = (sliderId: UserId, name: string, pressed: boolean): ButtonMessage => ({
  type: 'button',
  sliderId,
  name,
  pressed,
});

export const deleteMessage = (sliderId: UserId, reason?: 'disconnect'): DeleteMessage =>
  reason ? { type: 'delete', sliderId, reason } : { type: 'delete', sliderId };

/** The stick at rest, sent once on release. */
export const STICK_AT_REST: StickValues = Object.freeze({ x: 0, y: 0, speed: 0, angle: 0 });

export function isUserId(value: unknown): value is UserId {
  return Number.isInteger(value) && (value as number) >= 1 && (value as number) <= MAX_USER_ID;
}

/** A slider name from the layout: 1 to 32 printable characters, no commas. */
export function isSliderName(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    value.length >= 1 &&
    value.length <= MAX_SLIDER_NAME_LENGTH &&
    // eslint-disable-next-line no-control-regex
    !/[,\u0000-\u001f\u007f]/.test(value)
  );
}

const isInRange = (value: unknown, min: number, max: number): value is number =>
  typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max;

const isWholeInRange = (value: unknown, min: number, max: number): value is number =>
  Number.isInteger(value) && (value as number) >= min && (value as number) <= max;

/** Why a frame was not accepted; the relay counts drops by these names. */
export type RejectReason =
  | 'not-json'
  | 'not-object'
  | 'unknown-type'
  | 'bad-field'
  /** A `subscribe` whose `batch` is not a whole number in 1 ..= 120. */
  | 'bad-batch'
  /** A `subscribe` whose `crowd` is not a whole number in 1 ..= 120. */
  | 'bad-crowd';

export type Parsed<T> = { ok: true; message: T } | { ok: false; reason: RejectReason };

function parseObject(text: string): Record<string, unknown> | RejectReason {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return 'not-json';
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not-object';
  return value as Record<string, unknown>;
}

/**
 * Checks a controller's frame against the contract and rebuilds it from the
 * checked fields only, so unknown fields and odd keys never travel further.
 */
export function parseControllerMessage(text: string): Parsed<ControllerMessage> {
  const raw = parseObject(text);
  if (typeof raw === 'string') return { ok: false, reason: raw };
  const bad = { ok: false, reason: 'bad-field' } as const;
  const id = raw.sliderId;
  switch (raw.type) {
    case 'connect':
      return isUserId(id) ? { ok: true, message: connectMessage(id) } : bad;
    case 'delete':
      return isUserId(id) ? { ok: true, message: deleteMessage(id) } : bad;
    case 'update': {
      const { x, y, speed, angle } = raw;
      if (!isUserId(id) || !isInRange(x, -1, 1) || !isInRange(y, -1, 1)) return bad;
      if (!isWholeInRange(speed, 0, 100) || !isWholeInRange(angle, 0, 359)) return bad;
      return { ok: true, message: updateMessage(id, { x, y, speed, angle }) };
    }
    case 'slider': {
      const { name, value } = raw;
      if (!isUserId(id) || !isSliderName(name) || !isInRange(value, 0, 1)) return bad;
      return { ok: true, message: sliderMessage(id, name, value) };
    }
    case 'button': {
      const { name, pressed } = raw;
      if (!isUserId(id) || !isSliderName(name) || typeof pressed !== 'boolean') return bad;
      return { ok: true, message: buttonMessage(id, name, pressed) };
    }
    default:
      return { ok: false, reason: 'unknown-type' };
  }
}

/** A batch rate an installation may ask for: a whole number of frames a second in 1 ..= 120. */
export function isBatchRate(value: unknown): value is number {
  return isWholeInRange(value, MIN_BATCH, MAX_BATCH);
}

/**
 * Checks an installation's frame: a `send`, a `kick`, or a `subscribe` whose `batch` is
 * a rate in 1 ..= 120 (any other `batch` is rejected as `bad-batch`).
 */
export function parseInstallationMessage(text: string): Parsed<InstallationMessage> {
  const raw = parseObject(text);
  if (typeof raw === 'string') return { ok: false, reason: raw };
  if (raw.type === 'kick') return checkKick(raw);
  if (raw.type !== 'subscribe') return checkSend(raw);
  const { batch, crowd } = raw;
  // A subscribe that asks for nothing asks for frames of no rate.
  if (crowd === undefined || batch !== undefined) {
    if (!isBatchRate(batch)) return { ok: false, reason: 'bad-batch' };
  }
  if (crowd !== undefined && !isBatchRate(crowd)) return { ok: false, reason: 'bad-crowd' };
  return {
    ok: true,
    message: {
      type: 'subscribe',
      ...(batch !== undefined ? { batch: batch as number } : {}),
      ...(crowd !== undefined ? { crowd } : {}),
    },
  };
}

/** Checks an installation's `kick` frame, already parsed: one phone, by id or by slot. */
function checkKick(raw: Record<string, unknown>): Parsed<KickMessage> {
  const { to, slot } = raw;
  if (slot !== undefined) {
    if (to !== undefined || !isWholeInRange(slot, 1, MAX_SLOT)) {
      return { ok: false, reason: 'bad-field' };
    }
    return { ok: true, message: { type: 'kick', slot } };
  }
  return isUserId(to)
    ? { ok: true, message: { type: 'kick', to } }
    : { ok: false, reason: 'bad-field' };
}

/** Checks an installation's `send` frame, already parsed. */
function checkSend(raw: Record<string, unknown>): Parsed<SendMessage> {
  if (raw.type !== 'send') return { ok: false, reason: 'unknown-type' };
  const { to, slot, event, data } = raw;
  const validEvent =
    typeof event === 'string' && event.length >= 1 && event.length <= MAX_EVENT_NAME_LENGTH;
  if (!validEvent) return { ok: false, reason: 'bad-field' };
  // One target, named one way: a phone by id or all (`to`), or by slot.
  if (slot !== undefined) {
    if (to !== undefined || !isWholeInRange(slot, 1, MAX_SLOT))
      return { ok: false, reason: 'bad-field' };
    return { ok: true, message: { type: 'send', slot, event, data: data ?? null } };
  }
  if (to !== 'all' && !isUserId(to)) return { ok: false, reason: 'bad-field' };
  return { ok: true, message: { type: 'send', to, event, data: data ?? null } };
}

/** Reads an `{"event":...}` frame on the phone; anything else is null and ignored. */
export function parsePhoneEvent(text: string): PhoneEvent | null {
  const raw = parseObject(text);
  if (typeof raw === 'string' || typeof raw.event !== 'string') return null;
  return { event: raw.event, data: raw.data ?? null };
}
