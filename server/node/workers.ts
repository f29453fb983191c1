import cluster, { type Worker } from 'node:cluster';

/**
 * `--workers N`: N relay processes on this machine, each one node of the
 * cluster (`--redis`), sharing one port through Node's cluster module (the
 * primary accepts each connection and hands it to a worker in turn). The
 * primary runs no relay: it starts the workers, starts again one that dies,
 * and stops them all on a signal, each as gracefully as one relay alone.
 */

/** Which worker this process is (1..N), or null for a relay of its own. */
export function workerNumber(env: NodeJS.ProcessEnv = process.env): number | null {
  const number = Number(env.CROWDSTICK_WORKER);
  return cluster.isWorker && Number.isInteger(number) && number > 0 ? number : null;
}

/** How long a dead worker waits before it is started again, so a crash loop does not spin. */
const RESTART_MS = 1000;
/** How long the workers have to stop before they are killed. */
const STOP_MS = 10_000;

/**
 * Starts `count` workers running `mainFile` with `args`; resolves with the exit
 * code once they have all stopped: 0 after a signal, 1 when a worker could not
 * start (its own message says why), rather than starting it again and again.
 */
export function runWorkers(count: number, mainFile: string, args: string[]): Promise<number> {
  cluster.setupPrimary({ exec: mainFile, args });
  const workers = new Map<number, Worker>();
  let stopping = false;
  let listening = 0;
  let exitCode = 0;
  let stopAll: (signal: NodeJS.Signals) => void = () => {};

  const start = (number: number): void => {
    const worker = cluster.fork({ CROWDSTICK_WORKER: String(number) });
    workers.set(number, worker);
    let listened = false;
    worker.once('listening', (address) => {
      listened = true;
      listening += 1;
      if (listening === count) {
        console.log(
          `crowdstick: ${count} workers on port ${address.port}, each a node of the cluster`,
        );
      }
    });
    worker.once('exit', (code, signal) => {
      workers.delete(number);
      if (stopping) return;
      if (!listened) {
        exitCode = 1;
        stopAll('SIGTERM');
        return;
      }
      console.error(
        `crowdstick: worker ${number} exited (${signal ?? `code ${code}`}); starting it again`,
      );
      setTimeout(() => !stopping && start(number), RESTART_MS).unref();
    });
  };

  return new Promise<number>((resolve) => {
    const stop = (signal: NodeJS.Signals): void => {
      if (stopping) return;
      stopping = true;
      if (exitCode === 0)
        console.log(`Crowdstick relay stopping (${signal}): ${workers.size} workers`);
      // Each worker stops as a relay does on SIGTERM: its installations hear its users leave.
      for (const worker of workers.values()) worker.process.kill('SIGTERM');
      const deadline = setTimeout(() => {
        for (const worker of workers.values()) worker.process.kill('SIGKILL');
      }, STOP_MS);
      const waitForAll = (): void => {
        if (workers.size > 0) return void setTimeout(waitForAll, 50);
        clearTimeout(deadline);
        resolve(exitCode);
      };
      waitForAll();
    };
    stopAll = stop;
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, stop);
    for (let number = 1; number <= count; number += 1) start(number);
  });
}
