import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { readConfig } from './config';
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
  const config = readConfig(window.location.search, window.location);
  const storage = safeSessionStorage();
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
      <App store={store} sliders={config.sliders} problems={config.problems} />
    </StrictMode>,
  );
}

/** Some browsers throw on `sessionStorage` itself (storage disabled, sandboxed frames). */
function safeSessionStorage(): Storage | undefined {
  try {
    return window.sessionStorage;
  } catch {
    return undefined;
  }
}
