/**
 * Chrome's `beforeinstallprompt` event, which TypeScript's DOM types lack:
 * the browser's offer to install the app, shown when the visitor asks for it.
 */
export interface InstallPromptEvent extends Event {
  prompt(): Promise<unknown>;
}

/** The browser's install offer, kept for the install button. */
export interface InstallOffers {
  /** The offer not yet used, or null. */
  latest(): InstallPromptEvent | null;
  /** Hands the offer out once: an event can prompt only once. */
  take(): InstallPromptEvent | null;
}

/**
 * Keeps install offers from the page's first moment: Chrome may make its one
 * offer before the lazily loaded install button exists. `preventDefault` keeps
 * Chrome's own mini-infobar from covering the controls; the button shows
 * instead. An installed app gets no more offers. Listens until `signal` aborts.
 */
export function catchInstallOffers(target: EventTarget, signal?: AbortSignal): InstallOffers {
  let latest: InstallPromptEvent | null = null;
  const keep = (event: Event) => {
    event.preventDefault();
    latest = event as InstallPromptEvent;
  };
  target.addEventListener('beforeinstallprompt', keep, { signal });
  target.addEventListener('appinstalled', () => (latest = null), { signal });
  return {
    latest: () => latest,
    take() {
      const taken = latest;
      latest = null;
      return taken;
    },
  };
}
