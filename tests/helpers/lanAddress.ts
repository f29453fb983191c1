import { networkInterfaces } from 'node:os';

/**
 * This machine's first non-loopback IPv4 address, or undefined on a machine
 * with none: a socket opened to it comes from it, so a relay sees a peer that
 * is not loopback, as from another machine. Tests that need it skip without it.
 */
export const lanAddress: string | undefined = Object.values(networkInterfaces())
  .flat()
  .find((info) => info?.family === 'IPv4' && !info.internal)?.address;

/** Why a test that needs `lanAddress` cannot run here. */
export const NO_LAN_ADDRESS = 'this machine has no non-loopback IPv4 address';

/** `lanAddress` for a test that needs it; on a machine without one the test is skipped, saying why. */
export function lanAddressOrSkip(context: { skip(note?: string): never }): string {
  if (lanAddress === undefined) context.skip(NO_LAN_ADDRESS);
  return lanAddress;
}
