/**
 * What installations get about a user: `message` with the user's slot right
 * after `sliderId`, in the order the relay writes the fields. Spelled out here
 * rather than borrowed from the relay's code, so that tests hold that code to
 * the contract.
 */
export function slotted<M extends { type: string; sliderId: number }>(
  message: M,
  slot: number,
): M & { slot: number } {
  const { type, sliderId, ...rest } = message;
  return { type, sliderId, slot, ...rest } as M & { slot: number };
}

/** The same for a message already written as JSON text: `,"slot":N` after the `sliderId`. */
export const slottedText = (text: string, slot: number): string =>
  text.replace(/"sliderId":\d+/, (field) => `${field},"slot":${slot}`);

/** The event by which the relay tells a phone its slot. */
export const slotEvent = (slot: number) => ({ event: 'slot', data: slot });
