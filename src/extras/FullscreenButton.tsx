import { useSyncExternalStore } from 'react';

function subscribe(listener: () => void): () => void {
  const listening = new AbortController();
  document.addEventListener('fullscreenchange', listener, { signal: listening.signal });
  return () => listening.abort();
}

const isFullscreen = () => document.fullscreenElement !== null;

/** Enters and leaves full screen, where the Fullscreen API exists (not on iPhone). */
export function FullscreenButton() {
  const fullscreen = useSyncExternalStore(subscribe, isFullscreen);
  if (!document.fullscreenEnabled) return null;
  const toggle = () => {
    const change = fullscreen
      ? document.exitFullscreen()
      : document.documentElement.requestFullscreen({ navigationUI: 'hide' });
    // Refused (no user gesture, or a frame without permission): the button simply stays.
    change.catch(() => {});
  };
  return (
    <button type="button" className="tool" aria-pressed={fullscreen} onClick={toggle}>
      {fullscreen ? 'Leave full screen' : 'Full screen'}
    </button>
  );
}
