#!/usr/bin/env node
/**
 * The `crowdstick` command: one entry for running a show and rehearsing one.
 * `start` is what `npm start` runs; `simulate` plays a crowd into a relay,
 * `replay` a recorded show.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { runReplay } from './replay/run.js';
import { runSimulate } from './simulate/run.js';

const HELP = `Usage: crowdstick <command> [options]

Commands:
  start [relay options]    run the relay and serve the phone page (what npm start runs;
                           crowdstick start --help lists the relay's options)
  simulate --phones N --relay URL [--seconds S]
                           play N phones into a relay, as a crowd would
                           (crowdstick simulate --help)
  replay FILE --relay URL [--speed X] [--loop]
                           play a show recorded with the relay's --record back
                           into a relay (crowdstick replay --help)

  -h, --help               this help
`;

/** The package's root: this file is dist/relay/cli/crowdstick.js once built. */
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'start':
      // The start script reads its own arguments from process.argv, as under npm start.
      process.argv = [process.argv[0]!, join(ROOT, 'scripts', 'start.mjs'), ...rest];
      await import(pathToFileURL(join(ROOT, 'scripts', 'start.mjs')).href);
      return -1;
    case 'simulate':
      return runSimulate(rest);
    case 'replay':
      return runReplay(rest);
    case undefined:
    case '-h':
    case '--help':
    case 'help':
      process.stdout.write(HELP);
      return command === undefined ? 2 : 0;
    default:
      console.error(`crowdstick: unknown command "${command}" (see crowdstick --help)`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    // -1: the command runs on by itself (the relay), and sets its own exit code.
    if (code >= 0) process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`crowdstick: ${(error as Error)?.stack ?? error}`);
    process.exitCode = 1;
  },
);
