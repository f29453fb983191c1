import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { httpUrlOfSocket, readConfig, relayLabel } from './config';
import { catchInstallOffers } from './installOffers';
import { withRememberedSocket } from './socketMemory';
import { createControllerStore } from './store/controllerStore';
import { relayLayoutUrl, startLayout } from './store/relayLayout';
import { newTabUserId, tabUserId } from './userId';
import { App } from './ui/App';
import type { RelayInfo } from './ui/relayInfo';
import './ui/styles.css';

const root = createRoot(document.getElementById('root')!);

if (typeof WebSocket === 'undefined') {
  root.render(
    <p className="problems">This browser cannot open a WebSocket, so it cannot be a controller.</p>,
  );
} else {
  const installOffers = catchInstallOffers(window);
  const memory = safeStorage('localStorage');
  const search = withRememberedSocket(window.location.search, memory);
  const config = readConfig(search, window.location);
  // The memory hands back the page's own query unless it added the remembered `ws`.
  const relay = relayInUse(config.wsUrl, search !== window.location.search);
  const storage = safeStorage('sessionStorage');
  const store = createControllerStore({
    url: config.wsUrl,
    rate: config.rate,
    idleSeconds: config.idleSeconds,
    userId: tabUserId(storage, window.crypto),
    renewUserId: () => newTabUserId(storage, window.crypto),
    openSocket: (url) => new WebSocket(url),
    vibrate: (pattern) => navigator.vibrate?.(pattern),
    // The relay always lets in pages of its own origin: only another origin's can be refused for it.
    ...(relay ? { relayAnswers } : {}),
  });
  // Asked at once, beside the socket; the controls are drawn when it is known.
  void startLayout(relayLayoutUrl(config.wsUrl), config.knobs, {
    fetch: (...args) => fetch(...args),
    warn: (line) => console.warn(line),
  }).then((layout) => store.getState().applyLayout(layout, 'start'));
  root.render(
    <StrictMode>
      <App
        store={store}
        problems={config.problems}
        wsUrl={config.wsUrl}
        relay={relay}
        installOffers={installOffers}
      />
    </StrictMode>,
  );
}

/** The relay the page uses when it is not its own `/ws`, and how to forget a remembered one. */
function relayInUse(wsUrl: string, remembered: boolean): RelayInfo | null {
  const label = relayLabel(wsUrl, window.location);
  if (label === null) return null;
  return {
    label,
    remembered,
    forget() {
      // An empty `ws=` is how the page forgets (socketMemory.ts), on its way back to its own `/ws`.
      const url = new URL(window.location.href);
      url.searchParams.set('ws', '');
      window.location.replace(url.href);
    },
  };
}

/**
 * Whether anything answers plain HTTP at the socket's address. `no-cors`
 * needs no help from the relay: an opaque answer is still an answer, while a
 * relay that is down, unknown or blocked (mixed content, an untrusted
 * certificate) makes the fetch fail.
 */
async function relayAnswers(wsUrl: string): Promise<boolean> {
  try {
    await fetch(httpUrlOfSocket(wsUrl), { mode: 'no-cors', cache: 'no-store' });
    return true;
  } catch {
    return false;
  }
}

/** Some browsers throw on the storage objects themselves (storage disabled, sandboxed frames). */
function safeStorage(name: 'localStorage' | 'sessionStorage'): Storage | undefined {
  try {
    return window[name];
  } catch {
    return undefined;
  }
}
