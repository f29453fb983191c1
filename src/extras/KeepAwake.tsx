import { useEffect } from 'react';
import type { StoreApi } from 'zustand';
import type { ControllerState } from '../store/types';
import { createWakeLockKeeper, type WakeLockApi } from './wakeLock';

/**
 * Keeps the screen on while connected and visible, so a phone held still for a
 * while does not dim and lock mid-game. Renders nothing.
 */
export function KeepAwake({ store }: { store: StoreApi<ControllerState> }) {
  useEffect(() => {
    const api = (navigator as { wakeLock?: WakeLockApi }).wakeLock;
    const keeper = createWakeLockKeeper(api);
    const update = () =>
      keeper.want(
        store.getState().status === 'connected' && document.visibilityState === 'visible',
      );
    const unsubscribe = store.subscribe(update);
    const listening = new AbortController();
    document.addEventListener('visibilitychange', update, { signal: listening.signal });
    update();
    return () => {
      unsubscribe();
      listening.abort();
      keeper.dispose();
    };
  }, [store]);
  return null;
}
