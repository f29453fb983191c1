/**
 * `crowdstick simulate`: starts the crowd, shows its status, and ends it on
 * time or on Ctrl-C with every phone's `delete`.
 */
import { startCrowd } from './crowd.js';
import { controlsOf, relayLayout } from './relayLayout.js';
import { SIMULATE_HELP, parseSimulateOptions } from './options.js';
import { redraw, statusLine } from './status.js';

/** How often the terminal's status line is redrawn. */
const STATUS_MS = 500;

export async function runSimulate(argv: readonly string[]): Promise<number> {
  let options;
  try {
    options = parseSimulateOptions(argv);
  } catch (error) {
    console.error((error as Error).message);
    return 2;
  }
  if (options === 'help') {
    process.stdout.write(SIMULATE_HELP);
    return 0;
  }
  const tty = process.stdout.isTTY === true;
  console.log(
    `crowdstick simulate: ${options.phones} phones into ${options.url}` +
      `${options.seconds === null ? ', Ctrl-C to stop' : ` for ${options.seconds} s`} (seed ${options.seed})`,
  );
  const controls = controlsOf(options, await relayLayout(options.relay));
  console.log(
    `crowdstick simulate: sliders ${controls.sliders.join(', ') || 'none'}, buttons ${controls.buttons.join(', ') || 'none'}, from ${controls.from}`,
  );
  const crowd = startCrowd({
    ...options,
    sliders: controls.sliders,
    buttons: controls.buttons,
    onError: (why) => {
      if (tty) process.stdout.write('\n');
      console.error(
        `crowdstick simulate: a phone could not reach ${options.url} (${why}); retrying`,
      );
    },
  });
  let lastSent = 0;
  let lastAt = performance.now();
  const status = tty
    ? setInterval(() => {
        const now = performance.now();
        const current = crowd.status();
        const rate = ((current.sent - lastSent) * 1000) / (now - lastAt);
        lastSent = current.sent;
        lastAt = now;
        process.stdout.write(redraw(statusLine(current, rate)));
      }, STATUS_MS)
    : null;

  const startedAt = performance.now();
  await new Promise<void>((done) => {
    const end = () => {
      process.off('SIGINT', end);
      process.off('SIGTERM', end);
      clearTimeout(timer);
      done();
    };
    const timer = options.seconds === null ? undefined : setTimeout(end, options.seconds * 1000);
    process.on('SIGINT', end);
    process.on('SIGTERM', end);
  });
  if (status) clearInterval(status);
  const final = crowd.status();
  const deleted = await crowd.stop();
  const elapsed = (performance.now() - startedAt) / 1000;
  if (tty) process.stdout.write('\n');
  console.log(
    `crowdstick simulate: ${final.sent} messages from ${final.phones} phones in ${elapsed.toFixed(1)} s; ` +
      `${deleted} present at the end said delete`,
  );
  return 0;
}
