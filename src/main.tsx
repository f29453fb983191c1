import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { readConfig } from './config';
import { catchInstallOffers } from './installOffers';
import { withRememberedSocket } from './socketMemory';
import { createControllerStore } from './store/controllerStore';
import { newTabUserId, tabUserId } from './userId';
import { App } from './ui/App';
import './ui/styles.css';

const root = createRoot(document.getElementById('root')!);

if (typeof WebSocket === 'undefined') {
  root.render(
    <p className="problems">This browser cannot open a WebSocket, so it cannot be a controller.</p>,
  );
} else {
  const installOffers = catchInstallOffers(window);
  const search = withRememberedSocket(window.location.search, safeStorage('localStorage'));
  const config = readConfig(search, window.location);
  const storage = safeStorage('sessionStorage');
  const store = createControllerStore({
    url: config.wsUrl,
    rate: config.rate,
    idleSeconds: config.idleSeconds,
    userId: tabUserId(storage, window.crypto),
    renewUserId: () => newTabUserId(storage, window.crypto),
    openSocket: (url) => new WebSocket(url),
    vibrate: (pattern) => navigator.vibrate?.(pattern),
  });
  root.render(
    <StrictMode>
      <App
        store={store}
        sliders={config.sliders}
        problems={config.problems}
        wsUrl={config.wsUrl}
        installOffers={installOffers}
      />
    </StrictMode>,
  );
}

/** Some browsers throw on the storage objects themselves (storage disabled, sandboxed frames). */
function safeStorage(name: 'localStorage' | 'sessionStorage'): Storage | undefined {
  try {
    return window[name];
  } catch {
    return undefined;
  }
}
