/** `crowdstick replay`: plays a record file into a relay, once or in a loop, with a live status on a terminal. */
import { access } from 'node:fs/promises';
import { redraw } from '../simulate/status.js';
import { REPLAY_HELP, parseReplayOptions } from './options.js';
import { createPlayer, type PlayResult } from './play.js';

const STATUS_MS = 500;

export async function runReplay(argv: readonly string[]): Promise<number> {
  let parsed: ReturnType<typeof parseReplayOptions>;
  try {
    parsed = parseReplayOptions(argv);
  } catch (error) {
    console.error((error as Error).message);
    return 2;
  }
  if (parsed === 'help') {
    process.stdout.write(REPLAY_HELP);
    return 0;
  }
  const options = parsed;
  try {
    await access(options.file);
  } catch (error) {
    console.error(
      `crowdstick replay: cannot read ${options.file} (${(error as NodeJS.ErrnoException).code})`,
    );
    return 2;
  }
  const { file, url, speed, loop } = options;
  console.log(
    `crowdstick replay: ${file} into ${url} at ${speed}x${loop ? ', looping until Ctrl-C' : ''}`,
  );
  const player = createPlayer(file, url, speed);
  const tty = process.stdout.isTTY === true;
  const status = tty
    ? setInterval(() => {
        const { phones, sent, atMs } = player.status();
        process.stdout.write(
          redraw(
            `at ${(atMs / 1000).toFixed(1)} s of the show · ${phones} phones · ${sent} messages sent`,
          ),
        );
      }, STATUS_MS)
    : null;
  let interrupted = false;
  const interrupt = () => {
    interrupted = true;
    player.stop();
  };
  process.on('SIGINT', interrupt);
  process.on('SIGTERM', interrupt);
  let rounds = 0;
  let last: PlayResult;
  do {
    last = await player.playOnce();
    rounds += 1;
    // Each round ends as the show did: whoever was still there leaves.
    await player.stopPhones();
  } while (loop && !interrupted && last.played > 0);
  process.off('SIGINT', interrupt);
  process.off('SIGTERM', interrupt);
  if (status) clearInterval(status);
  if (tty) process.stdout.write('\n');
  const { sent } = player.status();
  console.log(
    `crowdstick replay: ${sent} messages in ${rounds} round${rounds === 1 ? '' : 's'}` +
      `${last.skipped > 0 ? `, ${last.skipped} unreadable line${last.skipped === 1 ? '' : 's'} skipped` : ''}` +
      `${interrupted ? ', stopped' : ''}; every phone said delete`,
  );
  return 0;
}
