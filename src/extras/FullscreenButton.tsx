import { useSyncExternalStore } from 'react';

function subscribe(listener: () => void): () => void {
  const listening = new AbortController();
  document.addEventListener('fullscreenchange', listener, { signal: listening.signal });
  return () => listening.abort();
}

const isFullscreen = () => document.fullscreenElement !== null;

/** Corner marks pointing out (enter) or in (leave): the usual full-screen sign. */
const ENTER_PATH = 'M4 9V4h5M15 4h5v5M20 15v5h-5M9 20H4v-5';
const LEAVE_PATH = 'M9 4v5H4M20 9h-5V4M15 20v-5h5M4 15h5v5';

/**
 * Enters and leaves full screen, where the Fullscreen API exists (not on
 * iPhone). An icon, named for screen readers, so that the header keeps one
 * row at 320 px with the Install button beside it.
 */
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
  const label = fullscreen ? 'Leave full screen' : 'Full screen';
  return (
    <button
      type="button"
      className="tool tool-icon"
      aria-pressed={fullscreen}
      aria-label={label}
      title={label}
      onClick={toggle}
    >
      <svg viewBox="0 0 24 24" width="22" height="22" aria-hidden="true">
        <path
          d={fullscreen ? LEAVE_PATH : ENTER_PATH}
          fill="none"
          stroke="currentColor"
          strokeWidth="2"
          strokeLinecap="round"
          strokeLinejoin="round"
        />
      </svg>
    </button>
  );
}
