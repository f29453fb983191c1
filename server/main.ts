/**
 * The command line: `npm start -- [options]` (scripts/start.mjs imports this
 * module once the build is fresh). Exit codes: 0 after a clean stop, 1 when the
 * relay cannot start, 2 for a bad option.
 */
import QRCode from 'qrcode';
import { localHttpUrl, localInstallationUrl } from './lanUrls.js';
import { parseOptions, USAGE, type CommandLine } from './options.js';
import { startRelay, type RunningRelay } from './start.js';

function startupLines(relay: RunningRelay, options: CommandLine): string[] {
  const lines = [
    `Crowdstick relay listening on port ${relay.port}`,
    `Installations: ${localInstallationUrl(relay.host, relay.port)}`,
  ];
  if (options.token !== undefined) {
    lines.push('Installations on other machines: add ?token= with the configured token');
  }
  for (const address of options.installationFrom) {
    lines.push(`Installations also let in from: ${address}`);
  }
  for (const url of relay.phoneUrls) lines.push(`Phones: ${url}`);
  if (relay.phoneUrls.length === 0) {
    const here = localHttpUrl(relay.host, relay.port);
    lines.push(`Phones: none on the LAN (bound to ${relay.host}); this machine can open ${here}`);
  }
  lines.push(`QR code page: ${localHttpUrl(relay.host, relay.port)}qr`);
  return lines;
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

  let relay: RunningRelay;
  try {
    relay = await startRelay(options);
  } catch (error) {
    console.error(`crowdstick: cannot listen on port ${options.port}: ${(error as Error).message}`);
    process.exitCode = 1;
    return;
  }

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    // A second Ctrl-C means "now".
    if (stopping) process.exit(1);
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

  const lines = startupLines(relay, options);
  const firstPhoneUrl = relay.phoneUrls[0];
  if (firstPhoneUrl !== undefined) {
    lines.push(await QRCode.toString(firstPhoneUrl, { type: 'terminal', small: true }));
  }
  // One write, so whoever waits for the listening line gets the rest with it.
  console.log(lines.join('\n'));
}

await main(process.argv.slice(2), process.env);
