/**
 * Messages as PROTOCOL.md spells them: what a phone sends, and what an
 * installation gets of it. Spelled out here rather than built with the app's
 * or the relay's code, so that tests hold that code to the contract; the key
 * order is the wire's, so `JSON.stringify` of one is the exact text.
 */

/** The rest of a stick position; `stickAt` fills in what is not given. */
export interface StickRest {
  y?: number;
  speed?: number;
  angle?: number;
}

/** A stick at `x`, and unless told otherwise at y 0, speed 50, angle 0. */
export const stickAt = (x: number, rest: StickRest = {}) => ({
  x,
  y: 0,
  speed: 50,
  angle: 0,
  ...rest,
});

export const connectOf = (sliderId: number) => ({ type: 'connect', sliderId });

export const updateOf = (sliderId: number, x: number, rest: StickRest = {}) => ({
  type: 'update',
  sliderId,
  ...stickAt(x, rest),
});

export const sliderOf = (sliderId: number, name: string, value: number) => ({
  type: 'slider',
  sliderId,
  name,
  value,
});

export const buttonOf = (sliderId: number, name: string, pressed: boolean) => ({
  type: 'button',
  sliderId,
  name,
  pressed,
});

/** A phone's own delete (idle, or the page closing). */
export const deleteOf = (sliderId: number) => ({ type: 'delete', sliderId });

/** The delete the relay announces for a user whose socket went away, as an installation gets it. */
export const disconnectOf = (sliderId: number, slot: number) => ({
  type: 'delete',
  sliderId,
  slot,
  reason: 'disconnect',
});

/** A text from an installation to one phone (`to` an id) or to all. */
export const textTo = (to: number | 'all', data: string) => ({
  type: 'send',
  to,
  event: 'text',
  data,
});

/** One user's row in a batched installation's frame. */
export const frameRowOf = (
  sliderId: number,
  slot: number,
  x: number,
  {
    sliders = {},
    buttons = {},
    ...rest
  }: StickRest & { sliders?: Record<string, number>; buttons?: Record<string, boolean> } = {},
) => ({ sliderId, slot, ...stickAt(x, rest), sliders, buttons });
