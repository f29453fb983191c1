import { readFile } from 'node:fs/promises';
import { hostname, networkInterfaces } from 'node:os';
import { generate } from 'selfsigned';
import { lanAddresses } from './lanUrls.js';

/** A PEM certificate and its private key, ready for `https.createServer`. */
export interface TlsMaterial {
  cert: string;
  key: string;
  /** Where it came from, for the start-up lines. */
  origin: 'files' | 'self-signed';
}

/** How long a certificate made at start stays valid: it is made anew at every start anyway. */
const SELF_SIGNED_DAYS = 30;

/**
 * A self-signed certificate for this machine: every name a phone or this
 * computer may use for it (localhost, the host name, each LAN address), so the
 * browser's warning is about trust only, never about a wrong name. Made by
 * `selfsigned` (Web Crypto and a maintained X.509 library), not by hand.
 */
export async function selfSignedCertificate(
  addresses: readonly string[] = lanAddresses(networkInterfaces()),
): Promise<TlsMaterial> {
  const now = new Date();
  const notAfterDate = new Date(now.getTime() + SELF_SIGNED_DAYS * 24 * 60 * 60 * 1000);
  const dnsNames = [...new Set(['localhost', hostname()])];
  const ips = [...new Set(['127.0.0.1', '::1', ...addresses])];
  const pems = await generate([{ name: 'commonName', value: 'Crowdstick relay' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: now,
    notAfterDate,
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          ...dnsNames.map((value) => ({ type: 2 as const, value })),
          ...ips.map((ip) => ({ type: 7 as const, ip })),
        ],
      },
    ],
  });
  return { cert: pems.cert, key: pems.private, origin: 'self-signed' };
}

/** Reads `--cert` and `--key`; throws with the exact line to print when a file cannot be read. */
export async function certificateFromFiles(
  certPath: string,
  keyPath: string,
): Promise<TlsMaterial> {
  const read = async (path: string, flag: string) => {
    try {
      return await readFile(path, 'utf8');
    } catch (error) {
      const why = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      throw new Error(`crowdstick: cannot read the ${flag} file "${path}" (${why})`, {
        cause: error,
      });
    }
  };
  // One after the other, so that with both missing the message always names --cert.
  const cert = await read(certPath, '--cert');
  const key = await read(keyPath, '--key');
  return { cert, key, origin: 'files' };
}

/** The TLS material the options ask for, or null for plain http. */
export function tlsFor(options: {
  https: boolean;
  cert: string | undefined;
  key: string | undefined;
}): Promise<TlsMaterial | null> {
  if (options.cert !== undefined && options.key !== undefined) {
    return certificateFromFiles(options.cert, options.key);
  }
  return options.https ? selfSignedCertificate() : Promise.resolve(null);
}
