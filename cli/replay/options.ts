/** `crowdstick replay` options, checked at start with exact messages. */
import { parseArgs } from 'node:util';
import { argumentProblem } from '../argumentError.js';
import { phoneSocketUrl } from '../simulate/options.js';

export interface ReplayOptions {
  file: string;
  /** The relay's phone socket, made from `--relay`. */
  url: string;
  speed: number;
  loop: boolean;
}

export const REPLAY_HELP = `Usage: crowdstick replay FILE --relay URL [--speed X] [--loop]

Plays a show recorded with the relay's --record FILE back into a relay, as
phones: every phone joins, moves and leaves when it did, so an installation
can be rehearsed with the same crowd again and again.

  FILE              a record file (the relay's --record; a torn last line,
                    as a crash leaves, is skipped)
  --relay URL       the relay's address, as a phone opens it:
                    http://HOST:PORT or https://HOST:PORT (required)
  --speed X         X times as fast, 0.1 ..= 10 (default 1). Above 4, a phone
                    of 30 updates a second passes the relay's --phone-rate
                    (default 120) and loses messages
  --loop            start again at the end, until Ctrl-C
  -h, --help        this help
`;

const fail = (message: string): never => {
  throw new Error(`crowdstick replay: ${message}`);
};

/** Reads `replay`'s arguments; throws an Error whose message is the line to print. */
export function parseReplayOptions(argv: readonly string[]): ReplayOptions | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: true,
      options: {
        relay: { type: 'string' },
        speed: { type: 'string' },
        loop: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    return fail(argumentProblem(error));
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help';
  if (positionals.length === 0) fail('the record FILE is required (see --help)');
  if (positionals.length > 1) fail(`one record FILE at a time, got ${positionals.length}`);
  const relayText = values.relay ?? fail('--relay URL is required (see --help)');
  const speedText = values.speed ?? '1';
  const speed = /^\d+(\.\d+)?$/.test(speedText) ? Number(speedText) : NaN;
  if (!(speed >= 0.1 && speed <= 10))
    fail(`--speed must be a number in 0.1..10, got "${speedText}"`);
  return {
    file: positionals[0]!,
    url: phoneSocketUrl(relayText),
    speed,
    loop: values.loop === true,
  };
}
