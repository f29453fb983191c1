import { readFileSync } from 'node:fs';

/**
 * Datagrams the kernel dropped for the IPv4 UDP socket bound to `port`, as a
 * table in the form of /proc/net/udp has it: the last column, `drops`, counts
 * those that found the socket's receive buffer full. NaN when no socket there.
 */
export function dropsInTable(table: string, port: number): number {
  const local = `:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  for (const line of table.split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/);
    if (fields[1]?.endsWith(local)) return Number(fields.at(-1));
  }
  return NaN;
}

/** The kernel's count of datagrams dropped at this machine's IPv4 UDP socket on `port`. */
export const udpDrops = (port: number): number =>
  dropsInTable(readFileSync('/proc/net/udp', 'utf8'), port);
