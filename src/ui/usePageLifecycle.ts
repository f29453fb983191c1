import { useEffect } from 'react';
import type { StoreApi } from 'zustand';
import type { ControllerState } from '../store/types';

/**
 * Tells the store when the page goes away (phone locked, app switched, tab
 * closed) and comes back, and when the network comes and goes, so it can
 * release the controls, say `delete` at once, and reconnect without waiting
 * out a backoff: iOS drops sockets in the background.
 */
export function usePageLifecycle(store: StoreApi<ControllerState>): void {
  useEffect(() => {
    const onVisibility = () => {
      if (document.visibilityState === 'hidden') store.getState().pageHidden();
      else store.getState().pageShown();
    };
    const onPageHide = () => store.getState().pageHidden();
    // Also fires when a page comes back from the back/forward cache.
    const onPageShow = () => store.getState().pageShown();
    const onOnline = () => store.getState().setNetworkOnline(true);
    const onOffline = () => store.getState().setNetworkOnline(false);
    const listening = new AbortController();
    const options = { signal: listening.signal };
    document.addEventListener('visibilitychange', onVisibility, options);
    window.addEventListener('pagehide', onPageHide, options);
    window.addEventListener('pageshow', onPageShow, options);
    window.addEventListener('online', onOnline, options);
    window.addEventListener('offline', onOffline, options);
    return () => listening.abort();
  }, [store]);
}
