import { readFileSync } from 'node:fs';

/** How often the parent is looked at; a stopped `npm start` frees the port within about this. */
const POLL_MS = 1000;

/** The parent process id of `pid` from /proc (Linux), or null where that cannot be read. */
function parentOf(pid: number): number | null {
  try {
    // The command name, field 2, is in parentheses and may hold spaces; the parent follows it.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    return Number.isInteger(parent) ? parent : null;
  } catch {
    return null;
  }
}

/**
 * Calls `onGone` once when the process that started the relay goes away.
 * `npm start` runs the relay under `sh -c`, which neither forwards a signal
 * nor outlives npm for the relay's sake: stopping npm (SIGTERM) ends the
 * shell and orphans the relay, and killing npm outright leaves the shell
 * orphaned in turn; either way the relay would hold the port with nobody to
 * stop it. So under npm both the parent and (Linux) the grandparent are
 * watched: when either is replaced (the process was re-parented), the relay
 * stops. Started any other way (a service manager, `setsid`, `nohup`), the
 * relay may outlive its parent on purpose, and nothing is watched.
 * Returns the disposer.
 */
export function watchParent(
  onGone: () => void,
  env: Readonly<Record<string, string | undefined>> = process.env,
  intervalMs = POLL_MS,
): () => void {
  if (env.npm_lifecycle_event === undefined) return () => {};
  const parent = process.ppid;
  const grandparent = parentOf(parent);
  const timer = setInterval(() => {
    const orphaned =
      process.ppid !== parent || (grandparent !== null && parentOf(parent) !== grandparent);
    if (!orphaned) return;
    clearInterval(timer);
    onGone();
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
