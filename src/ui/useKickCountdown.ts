import { useCallback, useSyncExternalStore } from 'react';
import type { Refusal } from '../store/types';
import { secondsUntil } from './visitorState';

/**
 * The whole seconds left of a kick, re-rendering the caller as each second
 * passes (timed to the second's edge, so the count never skips a number);
 * 0 when the refusal is no kick.
 */
export function useKickCountdown(refusal: Refusal | null): number {
  const untilMs = refusal?.kind === 'kicked' ? refusal.untilMs : null;
  const subscribe = useCallback(
    (onTick: () => void) => {
      if (untilMs === null) return () => {};
      let timer: ReturnType<typeof setTimeout> | undefined;
      const next = () => {
        const left = untilMs - Date.now();
        if (left <= 0) return;
        timer = setTimeout(
          () => {
            onTick();
            next();
          },
          left % 1000 || 1000,
        );
      };
      next();
      return () => clearTimeout(timer);
    },
    [untilMs],
  );
  return useSyncExternalStore(subscribe, () =>
    untilMs === null ? 0 : secondsUntil(untilMs, Date.now()),
  );
}
