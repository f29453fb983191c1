// The built-in monitor (GET /monitor): an installation in a desktop page that
// shows every phone and talks back to them. Kept apart from the phone app
// (its own Vite entry, no React), so it adds nothing to the phone's download.
import type { PhoneReport } from '../shared/protocol';
import { installationUrl } from './address';
import { connectMonitor } from './connection';
import { pollHealth, type RelayCounts } from './health';
import { isPhonesMessage, phoneRows } from './phones';
import { createRateMeter } from './rate';
import { createUserTable } from './users';
import { createMonitorView } from './view';
import './monitor.css';

const COUNTS_EVERY_MS = 500;

const root = document.getElementById('monitor');
if (!root) throw new Error('monitor: #monitor is missing from monitor.html');

const users = createUserTable();
const rate = createRateMeter();
/** The relay's latest report on every phone socket (round trip, rate, last seen). */
let reports: PhoneReport[] = [];
let counts: RelayCounts | null = null;
let frame = 0;

const view = createMonitorView(root, {
  send: (to, event, data) => connection.send({ type: 'send', to, event, data }),
  kick: (to) => connection.send({ type: 'kick', to }),
});

/** At most one repaint per animation frame, however many messages arrive. */
function repaint(): void {
  if (frame !== 0) return;
  frame = requestAnimationFrame(() => {
    frame = 0;
    view.showPhones(phoneRows(users.list(), reports));
  });
}

const connection = connectMonitor(installationUrl(window.location), {
  onOpen() {
    // The roster replay and the first report that follow rebuild everyone.
    users.clear();
    reports = [];
    repaint();
  },
  onMessage(message) {
    if (isPhonesMessage(message)) {
      reports = message.phones;
      view.showPhoneUrl(message.phoneUrl);
    } else {
      // The relay's own report is not a phone's message.
      rate.count(performance.now());
      users.apply(message);
    }
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
