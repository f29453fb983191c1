import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/**
 * The backlog the kernel actually gave the socket listening on `port` (what
 * was asked for, capped at net.core.somaxconn): `ss` shows it as a
 * listener's Send-Q. NaN where `ss` (iproute2) is missing.
 */
export function listenBacklogOf(port: number): number {
  try {
    const output = execFileSync('ss', ['-Hltn', `sport = :${port}`], { encoding: 'utf8' });
    const fields = output.trim().split(/\s+/);
    return fields[0] === 'LISTEN' ? Number(fields[2]) : NaN;
  } catch {
    return NaN;
  }
}

/**
 * Two of the kernel's TCP counters so far, for the whole machine (TcpExt in
 * /proc/net/netstat): `ListenOverflows`, how often it found a listen queue
 * full and dropped what came (a SYN, or the handshake's last ACK), and
 * `TCPSynRetrans`, SYNs and SYN-ACKs sent again, each after 1 s at first.
 * NaN for a counter this kernel does not keep.
 */
export function handshakeCounters(): { listenOverflows: number; synRetransmits: number } {
  const lines = readFileSync('/proc/net/netstat', 'utf8').split('\n');
  const index = lines.findIndex((line) => line.startsWith('TcpExt:'));
  const names = lines[index]?.split(/\s+/) ?? [];
  const values = lines[index + 1]?.split(/\s+/) ?? [];
  const counter = (name: string) => {
    const at = names.indexOf(name);
    return at > 0 ? Number(values[at]) : NaN;
  };
  return { listenOverflows: counter('ListenOverflows'), synRetransmits: counter('TCPSynRetrans') };
}

/** The kernel's cap on any listen backlog, net.core.somaxconn; NaN where it cannot be read. */
export function somaxconn(): number {
  try {
    return Number.parseInt(readFileSync('/proc/sys/net/core/somaxconn', 'utf8'), 10);
  } catch {
    return NaN;
  }
}
