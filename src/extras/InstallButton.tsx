import { useReducer, useSyncExternalStore } from 'react';
import type { InstallOffers } from '../installOffers';

/** Re-renders on the events that change the offer; the offers object itself heard them first. */
function subscribe(onChange: () => void): () => void {
  const listening = new AbortController();
  for (const type of ['beforeinstallprompt', 'appinstalled']) {
    window.addEventListener(type, onChange, { signal: listening.signal });
  }
  return () => listening.abort();
}

/** "Install", where the browser offered installation (`beforeinstallprompt`). */
export function InstallButton({ offers }: { offers: InstallOffers }) {
  const offer = useSyncExternalStore(subscribe, offers.latest);
  const [, rerender] = useReducer((count: number) => count + 1, 0);
  if (!offer) return null;
  const install = () => {
    // The browser's own dialog; a dismissed offer comes back later as a new event.
    offers
      .take()
      ?.prompt()
      .catch(() => {});
    rerender();
  };
  return (
    <button type="button" className="tool" onClick={install}>
      Install
    </button>
  );
}
