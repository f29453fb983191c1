import { registerSW } from 'virtual:pwa-register';

let waiting = false;
let applyUpdate: ((reloadPage?: boolean) => Promise<void>) | null = null;
const listeners = new Set<() => void>();

/**
 * Registers the service worker on first use. The registration belongs to the
 * origin and outlives every component, so it is made once and never undone.
 * A new version only waits (registerType 'prompt'): it takes over at the next
 * launch, or when the visitor presses "Update"; a phone in use never reloads.
 */
function register(): void {
  applyUpdate ??= registerSW({
    // The page has long finished loading by the time this chunk runs.
    immediate: true,
    onNeedRefresh() {
      waiting = true;
      listeners.forEach((listener) => listener());
    },
  });
}

/** Whether a new version is installed and waiting. */
export const updateWaiting = (): boolean => waiting;

/** For `useSyncExternalStore`: registers the worker and calls `listener` when an update waits. */
export function subscribeToUpdates(listener: () => void): () => void {
  register();
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Activates the waiting version; the page reloads once it controls the page. */
export function installUpdate(): void {
  void applyUpdate?.(true);
}
