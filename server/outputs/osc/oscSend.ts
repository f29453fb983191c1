import { MAX_EVENT_NAME_LENGTH, MAX_SLOT } from '../../../src/shared/protocol.js';
import type { DecodedMessage } from './oscDecode.js';

/** The address OSC in takes (PROTOCOL.md, OSC). */
export const OSC_SEND_ADDRESS = '/crowdstick/send';

/** An installation's `send`, read from OSC: the same as the JSON `send` message. */
export interface OscSend {
  to: { slot: number } | 'all';
  event: string;
  data: unknown;
}

/**
 * Why a message was not a `send`:
 * - `wrong-address`: not `/crowdstick/send`;
 * - `missing-args`, `extra-args`: not exactly target, event and data;
 * - `wrong-types`: the target not `i` or `s`, the event not `s`, the data not `s`, `i` or `f`;
 * - `bad-target`: a slot outside 1 ..= MAX_SLOT, or a string other than `all`;
 * - `bad-event`: an event name not 1 to 64 characters;
 * - `bad-data`: a float that is not finite, which JSON cannot carry.
 */
export type OscSendProblem =
  | 'wrong-address'
  | 'missing-args'
  | 'extra-args'
  | 'wrong-types'
  | 'bad-target'
  | 'bad-event'
  | 'bad-data';

export type ReadSend = { ok: true; send: OscSend } | { ok: false; problem: OscSendProblem };

const problem = (why: OscSendProblem): ReadSend => ({ ok: false, problem: why });

/**
 * The shortest decimal that is the same float32: OSC floats are 32-bit, and
 * `f 0.1` should reach the phone as 0.1, not 0.10000000149011612.
 */
export function shortestFloat32(value: number): number {
  for (let digits = 1; digits <= 9; digits++) {
    const candidate = Number(value.toPrecision(digits));
    if (Math.fround(candidate) === value) return candidate;
  }
  return value;
}

/** A string that parses as JSON is sent parsed (the contract), so `[200,100,200]` is a vibrate pattern. */
function parsedOrText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Reads `/crowdstick/send` with target (`i` slot or `s` "all"), `s` event and one `s`/`i`/`f` data argument. */
export function readOscSend(message: DecodedMessage): ReadSend {
  if (message.address !== OSC_SEND_ADDRESS) return problem('wrong-address');
  const [target, event, data] = message.args;
  if (target === undefined || event === undefined || data === undefined) {
    return problem('missing-args');
  }
  if (message.args.length > 3) return problem('extra-args');

  let to: OscSend['to'];
  if (target.type === 'integer') {
    if (target.value < 1 || target.value > MAX_SLOT) return problem('bad-target');
    to = { slot: target.value };
  } else if (target.type === 'string') {
    if (target.value !== 'all') return problem('bad-target');
    to = 'all';
  } else return problem('wrong-types');

  if (event.type !== 'string') return problem('wrong-types');
  if (event.value.length < 1 || event.value.length > MAX_EVENT_NAME_LENGTH) {
    return problem('bad-event');
  }

  let value: unknown;
  if (data.type === 'string') value = parsedOrText(data.value);
  else if (data.type === 'integer') value = data.value;
  else if (data.type === 'float') {
    if (!Number.isFinite(data.value)) return problem('bad-data');
    value = shortestFloat32(data.value);
  } else return problem('wrong-types');

  return { ok: true, send: { to, event: event.value, data: value } };
}
