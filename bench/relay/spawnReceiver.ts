import { fork } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ReceiverCounts, ReceiverReport } from './oscReceiver.js';

const SCRIPT = resolve(dirname(fileURLToPath(import.meta.url)), 'oscReceiver.js');

/** The loopback OSC receiver, running in its own process. */
export interface BenchReceiver {
  pid: number;
  /** The UDP port it listens on, at 127.0.0.1. */
  port: number;
  /** What it has had so far; answered after the datagrams already in its queue. */
  counts(): Promise<ReceiverCounts>;
  /**
   * Stops the process (SIGSTOP) until `resume`: its socket stays bound, and the
   * kernel queues what arrives until the buffer is full, then drops it, but
   * nothing is woken for it.
   */
  pause(): void;
  resume(): void;
  stop(): Promise<void>;
}

/** Starts the receiver (oscReceiver.ts) and resolves once it is bound. */
export function spawnReceiver(): Promise<BenchReceiver> {
  const child = fork(SCRIPT, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const next = <T>(pick: (report: ReceiverReport) => T | undefined) =>
    new Promise<T>((resolveNext, rejectNext) => {
      const onExit = (code: number | null) =>
        rejectNext(new Error(`the OSC receiver exited (${code})`));
      const onMessage = (report: ReceiverReport) => {
        const value = pick(report);
        if (value === undefined) return;
        child.off('message', onMessage);
        child.off('exit', onExit);
        resolveNext(value);
      };
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
  return next((report) => ('port' in report ? report.port : undefined)).then((port) => ({
    pid: child.pid!,
    port,
    counts: () => {
      const answer = next((report) => ('counts' in report ? report.counts : undefined));
      child.send('count');
      return answer;
    },
    pause: () => child.kill('SIGSTOP'),
    resume: () => child.kill('SIGCONT'),
    stop: async () => {
      // A paused receiver must run again to see the channel close, and exit.
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGCONT');
      if (child.connected) child.disconnect();
      await exited;
    },
  }));
}
