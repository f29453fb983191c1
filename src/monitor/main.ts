// The built-in monitor (GET /monitor): an installation in a desktop page that
// shows every live user and talks back to them. Kept apart from the phone app
// (its own Vite entry, no React), so it adds nothing to the phone's download.
import { installationUrl } from './address';
import { connectMonitor } from './connection';
import { pollHealth, type RelayCounts } from './health';
import { createRateMeter } from './rate';
import { createUserTable } from './users';
import { createMonitorView } from './view';
import './monitor.css';

const COUNTS_EVERY_MS = 500;

const root = document.getElementById('monitor');
if (!root) throw new Error('monitor: #monitor is missing from monitor.html');

const users = createUserTable();
const rate = createRateMeter();
let counts: RelayCounts | null = null;
let frame = 0;

const view = createMonitorView(root, (to, event, data) =>
  connection.send({ type: 'send', to, event, data }),
);

/** At most one repaint per animation frame, however many messages arrive. */
function repaint(): void {
  if (frame !== 0) return;
  frame = requestAnimationFrame(() => {
    frame = 0;
    view.showUsers(users.list());
  });
}

const connection = connectMonitor(installationUrl(window.location), {
  onOpen() {
    // The roster replay that follows rebuilds everyone.
    users.clear();
    repaint();
  },
  onMessage(message) {
    rate.count(performance.now());
    users.apply(message);
    repaint();
  },
  onStatus: (status) => view.showStatus(status),
});

pollHealth('/healthz', (latest) => (counts = latest));
setInterval(() => {
  view.showCounts({
    phones: counts?.controllers ?? null,
    installations: counts?.installations ?? null,
    rate: rate.perSecond(performance.now()),
  });
}, COUNTS_EVERY_MS);
