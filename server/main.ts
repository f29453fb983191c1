/**
 * The command line: `npm start -- [options]` (scripts/start.mjs imports this
 * module once the build is fresh). Exit codes: 0 after a clean stop, 1 when the
 * relay cannot start, 2 for a bad option.
 */
import { fileURLToPath } from 'node:url';
import QRCode from 'qrcode';
import { localHttpUrl, localInstallationUrl } from './node/lanUrls.js';
import { parseOptions, USAGE, type CommandLine } from './node/options.js';
import { oscLines } from './outputs/osc/oscRelay.js';
import { watchParent } from './node/parentWatch.js';
import { startRelay, type RunningRelay } from './node/start.js';
import { descriptorsNeeded, kernelBacklogCap } from './node/systemLimits.js';
import { tlsFor, type TlsMaterial } from './node/tls.js';
import { runWorkers, workerNumber } from './node/workers.js';

function startupLines(
  relay: RunningRelay,
  options: CommandLine,
  tls: TlsMaterial | null,
): string[] {
  const { host, port, secure } = relay;
  const lines = [
    `Crowdstick relay listening on port ${port}`,
    `Installations: ${localInstallationUrl(host, port, secure)}`,
  ];
  if (tls?.origin === 'self-signed') {
    lines.push('HTTPS with a self-signed certificate: each phone asks once to accept it');
  }
  if (options.token !== undefined) {
    lines.push('Installations on other machines: add ?token= with the configured token');
  }
  for (const address of options.installationFrom) {
    lines.push(`Installations also let in from: ${address}`);
  }
  for (const origin of options.allowOrigins)
    lines.push(`Phones also let in from pages of: ${origin}`);
  const here = localHttpUrl(host, port, secure);
  if (options.appDir === null && options.publicUrl === undefined) {
    const socket = (relay.phoneUrls[0] ?? here).replace(/^http/, 'ws');
    lines.push(`Phones: no app served here (--no-app); open the hosted copy with ?ws=${socket}ws`);
    lines.push('  (give --public-url with that address to show it on /qr and in the monitor)');
  } else if (options.publicUrl !== undefined) {
    lines.push(`Phones: ${options.publicUrl}`);
  } else {
    for (const url of relay.phoneUrls) lines.push(`Phones: ${url}`);
  }
  if (options.appDir !== null && options.publicUrl === undefined && relay.phoneUrls.length === 0) {
    lines.push(`Phones: none on the LAN (bound to ${host}); this machine can open ${here}`);
  }
  lines.push(`QR code page: ${here}qr`);
  lines.push(`Monitor (every phone live): ${here}monitor`);
  return lines;
}

/** What the system will not give the relay, said once at start, where a crowd would find it out. */
function systemWarnings(relay: RunningRelay, options: CommandLine): string[] {
  const warnings: string[] = [];
  const needed = descriptorsNeeded(options.maxPhones);
  if (relay.fileLimit !== null && relay.fileLimit < needed) {
    warnings.push(
      `crowdstick: warning: the open-file limit (ulimit -n) is ${relay.fileLimit}, below the ${needed} that --max-phones ${options.maxPhones} needs; new phones past it are dropped (cutOff.fdLimit). Raise it (ulimit -n ${needed}) or lower --max-phones.`,
    );
  }
  // Only for a backlog asked for by name: the default asks for room for every phone
  // and takes what the kernel allows.
  const cap = kernelBacklogCap();
  if (options.listenBacklog !== undefined && cap !== null && cap < options.listenBacklog) {
    warnings.push(
      `crowdstick: note: the kernel caps the listen backlog at ${cap} (net.core.somaxconn), below the ${options.listenBacklog} asked for; a burst of more phones at once may wait on retransmits.`,
    );
  }
  return warnings;
}

/** Errors of the bind address itself, as against the port. */
const HOST_ERRORS = new Set(['ENOTFOUND', 'EADDRNOTAVAIL', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME']);

/** The line for a relay that could not start listening, blaming the host or the port as the error says. */
function listenFailure(error: NodeJS.ErrnoException, options: CommandLine): string {
  // OSC in's own failure says which port already.
  if (error.message.startsWith('crowdstick:')) return error.message;
  if (HOST_ERRORS.has(error.code ?? '')) {
    return `crowdstick: cannot listen on host ${options.host}: no interface of this machine has that address (${error.code})`;
  }
  return `crowdstick: cannot listen on port ${options.port}: ${error.message}`;
}

async function main(argv: string[], env: NodeJS.ProcessEnv): Promise<void> {
  let options: CommandLine;
  try {
    options = parseOptions(argv, env);
  } catch (error) {
    console.error((error as Error).message);
    process.exitCode = 2;
    return;
  }
  if (options.help) {
    process.stdout.write(USAGE);
    return;
  }
  const worker = workerNumber(env);
  // A worker's channel to its primary would keep it alive: it leaves at once, and the primary sees why.
  const failWith = (code: number): void => {
    process.exitCode = code;
    if (worker !== null) process.exit(code);
  };
  if (options.workers > 1 && worker === null) {
    process.exit(await runWorkers(options.workers, fileURLToPath(import.meta.url), argv));
  }
  // One OSC sender, one OSC listener and one record file for the machine: every node sees every event.
  if (worker !== null && worker > 1) {
    options = { ...options, osc: [], oscIn: null, record: null };
  }

  let tls: TlsMaterial | null;
  try {
    tls = await tlsFor(options);
  } catch (error) {
    console.error((error as Error).message);
    failWith(1);
    return;
  }

  let relay: RunningRelay;
  try {
    relay = await startRelay(options, tls);
  } catch (error) {
    console.error(listenFailure(error as NodeJS.ErrnoException, options));
    failWith(1);
    return;
  }

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    // A second Ctrl-C means "now"; a worker hears the terminal's and its primary's, and stops once.
    if (stopping && worker === null) process.exit(1);
    if (stopping) return;
    stopping = true;
    console.log(`Crowdstick relay stopping (${signal})`);
    relay.close().then(
      () => process.exit(0),
      (error: Error) => {
        console.error(`crowdstick: error while stopping: ${error.message}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  // The terminal closed: without this Node would die at once, skipping the installations' deletes.
  process.on('SIGHUP', stop);
  watchParent(() => {
    console.error('crowdstick: the process that started the relay is gone; stopping');
    stop('SIGHUP');
  });

  for (const warning of systemWarnings(relay, options)) console.error(warning);
  const lines = startupLines(relay, options, tls);
  // After the installations' address: OSC is the other way installations connect.
  lines.splice(2, 0, ...oscLines(options, relay.oscInPort));
  // Drawn for a person at a terminal only: in a log file it is a screenful of escape codes.
  if (relay.phoneUrl !== null && process.stdout.isTTY) {
    lines.push(await QRCode.toString(relay.phoneUrl, { type: 'terminal', small: true }));
  }
  // One write, so whoever waits for the listening line gets the rest with it; one banner for the workers.
  if (worker === null || worker === 1) console.log(lines.join('\n'));
}

await main(process.argv.slice(2), process.env);
