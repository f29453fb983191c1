import { useSyncExternalStore } from 'react';
import { installUpdate, subscribeToUpdates, updateWaiting } from './serviceWorker';

/** A quiet button that appears only while a new version waits; pressing it reloads. */
export function UpdateButton() {
  const waiting = useSyncExternalStore(subscribeToUpdates, updateWaiting);
  if (!waiting) return null;
  return (
    <button type="button" className="tool" onClick={installUpdate}>
      Update
    </button>
  );
}
