/**
 * The mapping from relay events to OSC messages, exactly as the OSC table of
 * PROTOCOL.md has it, and the split of the refresh into datagrams. Pure: no
 * sockets and no OSC library, so the contract is tested on plain values.
 */
import type { PresentUser, SlottedEvent } from './events.js';

/** One OSC argument: every value is a float (`f`), except slot and id (`i`). */
export type OscArgument = { type: 'float'; value: number } | { type: 'integer'; value: number };

/** One OSC message; a list of them is one bundle, and one bundle is one UDP datagram. */
export interface OscMessage {
  address: string;
  args: readonly OscArgument[];
}

/** Every address starts here. */
export const OSC_PREFIX = '/crowdstick';

/**
 * The largest datagram the refresh sends. IPv6 guarantees every link carries
 * 1,280-byte packets (RFC 8200); less its 40-byte header and UDP's 8 that is
 * 1,232, so a 1,200-byte datagram (QUIC's figure, for the same reason) is never
 * fragmented, over a VPN or a tunnel too. A fragmented datagram is lost whole
 * when any one fragment is, and the refresh exists to repair losses.
 */
export const MAX_DATAGRAM_BYTES = 1200;

const float = (value: number): OscArgument => ({ type: 'float', value });
const integer = (value: number): OscArgument => ({ type: 'integer', value });
const flag = (on: boolean): OscArgument => float(on ? 1 : 0);

/** The contract's name alphabet (PROTOCOL.md, Layouts), which OSC addresses take as is. */
const SAFE_PART = /^[A-Za-z0-9_-]+$/;
const UTF8 = new TextEncoder();

/**
 * A slider or button name as one address part. The layout's names are letters,
 * digits, `_` and `-`, and stay as they are; any other character (the relay's
 * message check is laxer than the layout's) is percent-encoded byte by byte,
 * since `/`, space, `#`, `*`, `,`, `?`, `[`, `]`, `{` and `}` mean something in
 * an OSC address, and so that every address is ASCII.
 */
export function addressPart(name: string): string {
  if (SAFE_PART.test(name)) return name;
  let part = '';
  for (const byte of UTF8.encode(name)) {
    const char = String.fromCharCode(byte);
    part += /[A-Za-z0-9_-]/.test(char)
      ? char
      : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return part;
}

const userAddress = (slot: number, rest: string) => `${OSC_PREFIX}/${slot}/${rest}`;

/** `/crowdstick/count`: the number of present users, a float as the contract leaves it unmarked. */
export const countMessage = (count: number): OscMessage => ({
  address: `${OSC_PREFIX}/count`,
  args: [float(count)],
});

/** `/crowdstick/SLOT/active`: 1 while the user is present, 0 when they left. */
export const activeMessage = (slot: number, active: boolean): OscMessage => ({
  address: userAddress(slot, 'active'),
  args: [flag(active)],
});

/**
 * `/crowdstick/crowd/count`, `/x`, `/y`, `/speed`: the crowd as one (the
 * `crowd` subscription's figures), for a patch that steers by the room.
 */
export const crowdMessages = (crowd: {
  count: number;
  x: number;
  y: number;
  speed: number;
}): OscMessage[] => [
  { address: `${OSC_PREFIX}/crowd/count`, args: [float(crowd.count)] },
  { address: `${OSC_PREFIX}/crowd/x`, args: [float(crowd.x)] },
  { address: `${OSC_PREFIX}/crowd/y`, args: [float(crowd.y)] },
  { address: `${OSC_PREFIX}/crowd/speed`, args: [float(crowd.speed)] },
];

/** The four stick values, each its own address, in the contract's order. */
export function stickMessages(
  slot: number,
  stick: { x: number; y: number; speed: number; angle: number },
): OscMessage[] {
  return [
    { address: userAddress(slot, 'x'), args: [float(stick.x)] },
    { address: userAddress(slot, 'y'), args: [float(stick.y)] },
    { address: userAddress(slot, 'speed'), args: [float(stick.speed)] },
    { address: userAddress(slot, 'angle'), args: [float(stick.angle)] },
  ];
}

/** `/crowdstick/SLOT/slider/NAME`, the value 0 ..= 1. */
export const sliderMessage = (slot: number, name: string, value: number): OscMessage => ({
  address: userAddress(slot, `slider/${addressPart(name)}`),
  args: [float(value)],
});

/** `/crowdstick/SLOT/button/NAME`, 1 while held, 0 when released. */
export const buttonMessage = (slot: number, name: string, pressed: boolean): OscMessage => ({
  address: userAddress(slot, `button/${addressPart(name)}`),
  args: [flag(pressed)],
});

/**
 * The one bundle an event becomes. `count` is the number of present users
 * after the event, which a connect's and a delete's bundle carry; the other
 * events ignore it.
 */
export function eventBundle(event: SlottedEvent, count: number): OscMessage[] {
  switch (event.type) {
    case 'connect':
    case 'delete':
      return [
        {
          address: `${OSC_PREFIX}/${event.type}`,
          args: [integer(event.slot), integer(event.sliderId)],
        },
        activeMessage(event.slot, event.type === 'connect'),
        countMessage(count),
      ];
    case 'update':
      return stickMessages(event.slot, event);
    case 'slider':
      return [sliderMessage(event.slot, event.name, event.value)];
    case 'button':
      return [buttonMessage(event.slot, event.name, event.pressed)];
  }
}

/** An OSC string's size: its bytes, a NUL, and NULs up to a multiple of 4. */
const oscStringBytes = (asciiLength: number) => (asciiLength & ~3) + 4;

/**
 * The encoded size of a message. Addresses are ASCII by construction
 * (`addressPart`), so a string's length is its byte count; both argument
 * types take 4 bytes.
 */
export function messageBytes(message: OscMessage): number {
  return (
    oscStringBytes(message.address.length) +
    oscStringBytes(1 + message.args.length) +
    4 * message.args.length
  );
}

/** `#bundle`, NUL, and the 8-byte time tag. */
const BUNDLE_HEADER_BYTES = 16;
/** Each element of a bundle is preceded by its size, an int32. */
const elementBytes = (message: OscMessage) => 4 + messageBytes(message);

/** The encoded size of a bundle of these messages. */
export function bundleBytes(messages: readonly OscMessage[]): number {
  return messages.reduce((total, message) => total + elementBytes(message), BUNDLE_HEADER_BYTES);
}

/** One present user's whole state: active 1, then the latest stick, sliders and buttons. */
function userState(user: PresentUser): OscMessage[] {
  const messages = [activeMessage(user.slot, true)];
  if (user.stick) messages.push(...stickMessages(user.slot, user.stick));
  for (const [name, value] of user.sliders) messages.push(sliderMessage(user.slot, name, value));
  for (const [name, pressed] of user.buttons) {
    messages.push(buttonMessage(user.slot, name, pressed));
  }
  return messages;
}

/**
 * Packs groups of messages into bundles of at most `maxBytes`, keeping a group
 * in one bundle whenever it fits in one, so a receiver gets each user's state
 * at once; a group too big for any bundle is spread over several, and a single
 * message bigger than `maxBytes` still goes, alone.
 */
function* pack(groups: Iterable<readonly OscMessage[]>, maxBytes: number): Generator<OscMessage[]> {
  let current: OscMessage[] = [];
  let currentBytes = BUNDLE_HEADER_BYTES;
  for (const group of groups) {
    const groupBytes = bundleBytes(group) - BUNDLE_HEADER_BYTES;
    const fitsAlone = BUNDLE_HEADER_BYTES + groupBytes <= maxBytes;
    for (const [index, message] of group.entries()) {
      const bytes = elementBytes(message);
      const full = currentBytes + (index === 0 && fitsAlone ? groupBytes : bytes) > maxBytes;
      if (current.length > 0 && full) {
        yield current;
        current = [];
        currentBytes = BUNDLE_HEADER_BYTES;
      }
      current.push(message);
      currentBytes += bytes;
    }
  }
  if (current.length > 0) yield current;
}

function* refreshGroups(
  users: readonly PresentUser[],
  freedSlots: Iterable<number>,
): Generator<readonly OscMessage[]> {
  yield [countMessage(users.length)];
  for (const user of users) yield userState(user);
  for (const slot of freedSlots) yield [activeMessage(slot, false)];
}

/**
 * The refresh that lets a receiver which started late catch up: the count,
 * then for every present user `active` 1 and their latest values, then
 * `active` 0 for each slot in `freedSlots` (slots freed a moment ago, so a
 * receiver that lost a leave's bundle drops that player too), in bundles of
 * at most `maxBytes` each (see `MAX_DATAGRAM_BYTES`). Lazy, so that the
 * output can send a big crowd's refresh a slice at a time.
 */
export function refreshBundles(
  users: readonly PresentUser[],
  maxBytes: number = MAX_DATAGRAM_BYTES,
  freedSlots: Iterable<number> = [],
): Generator<OscMessage[]> {
  return pack(refreshGroups(users, freedSlots), maxBytes);
}
