/** A restartable one-shot timer for the idle `delete`. */
export interface IdleTimer {
  /** Starts the wait again from now. */
  restart(): void;
  stop(): void;
}

/** Calls `onIdle` once `idleMs` have passed since the last `restart`, unless stopped. */
export function createIdleTimer(idleMs: number, onIdle: () => void): IdleTimer {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stop = () => {
    clearTimeout(timer);
    timer = undefined;
  };
  return {
    restart() {
      stop();
      timer = setTimeout(() => {
        timer = undefined;
        onIdle();
      }, idleMs);
    },
    stop,
  };
}
