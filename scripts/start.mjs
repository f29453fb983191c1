// `npm start`: builds the app and the relay when they are missing or older than
// their sources, then runs the relay with this command line's arguments.
import { spawn } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const outputs = ['dist/app/index.html', 'dist/relay/server/main.js'].map((p) => join(root, p));
const sources = ['src', 'server', 'public', 'index.html', 'monitor.html', 'vite.config.ts'].map(
  (p) => join(root, p),
);
// Test files start several relays at once; only one of them may build at a time.
const lockFile = join(root, 'dist', '.build.lock');

/** The newest modification time of a file, or of any file below a directory; 0 if absent. */
function newestMtime(path) {
  let stats;
  try {
    stats = statSync(path);
  } catch {
    return 0; // absent, or an editor's temporary file that just went away
  }
  if (!stats.isDirectory()) return stats.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

function buildIsStale() {
  if (!outputs.every((output) => existsSync(output))) return true;
  const oldestOutput = Math.min(...outputs.map((output) => statSync(output).mtimeMs));
  return sources.some((source) => newestMtime(source) > oldestOutput);
}

function holderIsAlive() {
  try {
    process.kill(Number(readFileSync(lockFile, 'utf8')), 0);
    return true;
  } catch (error) {
    // EPERM: alive but not ours; ENOENT (lock just released) and ESRCH (holder died): free.
    return error.code === 'EPERM';
  }
}

/** Takes the build lock, waiting while another live process holds it. */
async function takeBuildLock() {
  mkdirSync(dirname(lockFile), { recursive: true });
  for (;;) {
    try {
      const fd = openSync(lockFile, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
    }
    if (!holderIsAlive()) rmSync(lockFile, { force: true });
    else await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** The signals that stop `npm start`; each is passed on to the build while one runs. */
const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/** Runs `npm run build`, passing Ctrl-C, SIGTERM or SIGHUP on so that no build outlives this process. */
function build() {
  console.error(
    'crowdstick: the build is missing or older than its sources; running npm run build',
  );
  const child = spawn('npm', ['run', 'build'], {
    cwd: root,
    // A test runner's NODE_ENV=test would otherwise give a development bundle.
    env: { ...process.env, NODE_ENV: 'production' },
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  const forward = (signal) => child.kill(signal);
  for (const signal of STOP_SIGNALS) process.on(signal, forward);
  return new Promise((resolve) =>
    child.on('close', (code, signal) => {
      for (const stop of STOP_SIGNALS) process.off(stop, forward);
      // Stopped by a signal: exit as the shell reports one, 128 + its number.
      resolve(code ?? 128 + (signal === 'SIGINT' ? 2 : signal === 'SIGHUP' ? 1 : 15));
    }),
  );
}

if (buildIsStale()) {
  await takeBuildLock();
  // Whoever held the lock before may have just built it.
  const status = buildIsStale() ? await build() : 0;
  rmSync(lockFile, { force: true });
  if (status !== 0) {
    console.error('crowdstick: the build failed; see above');
    process.exit(status);
  }
}

// The relay runs in this very process, not a child of it: a signal to `npm start`'s
// node is a signal to the relay (server/main.ts stops on SIGINT, SIGTERM and SIGHUP,
// and, under npm, when npm goes away: server/node/parentWatch.ts), and nothing is left
// holding the port. main.js reads process.argv.slice(2), this script's own arguments.
await import(pathToFileURL(outputs[1]).href);
