import type { UserId } from '../shared/protocol';
import type { MonitorStatus } from './connection';
import type { MonitoredUser } from './users';

/** The events the panel can send to a phone. */
export type PhoneEventName = 'color' | 'text' | 'vibrate';

export interface MonitorView {
  showUsers(users: MonitoredUser[]): void;
  showStatus(status: MonitorStatus): void;
  /** null: not known (the relay did not answer /healthz). */
  showCounts(counts: { phones: number | null; installations: number | null; rate: number }): void;
}

const STATUS_TEXT: Record<MonitorStatus, string> = {
  connecting: 'connecting…',
  connected: 'connected',
  reconnecting: 'reconnecting…',
  unreachable:
    'Cannot connect. From another computer, open /monitor?token=… with the relay’s --token.',
};

const VIBRATION_MS = 200;

// Static markup only: every value from the relay goes in through textContent.
const SKELETON = `
<header class="bar">
  <h1>Crowdstick monitor</h1>
  <p class="status" role="status" data-status="connecting"></p>
  <dl class="counts">
    <div><dt>phones</dt><dd data-count="phones">–</dd></div>
    <div><dt>users</dt><dd data-count="users">0</dd></div>
    <div><dt>installations</dt><dd data-count="installations">–</dd></div>
    <div><dt>messages/s</dt><dd data-count="rate">0</dd></div>
  </dl>
</header>
<section class="field" aria-label="Every user's joystick"></section>
<aside class="side">
  <form class="selected" aria-label="Selected user" hidden>
    <h2></h2>
    <p class="detail"></p>
    <label>Colour <input type="color" name="color" value="#ff3366" /></label>
    <button type="button" data-send="color">Send colour</button>
    <label>Text <input type="text" name="text" maxlength="200" value="Hello!" /></label>
    <button type="button" data-send="text">Send text</button>
    <button type="button" data-send="vibrate">Vibrate</button>
    <p class="sent" aria-live="polite"></p>
  </form>
  <table class="users">
    <thead><tr><th>player</th><th>x</th><th>y</th><th>speed</th><th>angle</th><th>sliders</th><th>id</th></tr></thead>
    <tbody></tbody>
  </table>
</aside>`;

/**
 * A dot's colour until the monitor sends one: a hue from the slot, the same
 * on every reload. Steps of 137° (near the golden angle) keep the few low
 * slots of a small crowd far apart on the colour wheel.
 */
export const colourOf = (slot: number): string => `hsl(${(slot * 137) % 360} 80% 60%)`;

/** How the monitor names a user: by the number their phone shows. */
export const playerName = (slot: number): string => `Player ${slot}`;

const find = <T extends Element>(root: ParentNode, selector: string): T => {
  const found = root.querySelector<T>(selector);
  if (!found) throw new Error(`monitor: ${selector} is missing from the page`);
  return found;
};

/** Builds the page inside `root`; `send` delivers what the panel's buttons send. */
export function createMonitorView(
  root: HTMLElement,
  send: (to: UserId, event: PhoneEventName, data: unknown) => boolean,
): MonitorView {
  root.innerHTML = SKELETON;
  const field = find<HTMLElement>(root, '.field');
  const rows = find<HTMLTableSectionElement>(root, '.users tbody');
  const panel = find<HTMLFormElement>(root, '.selected');
  const status = find<HTMLElement>(root, '.status');
  const count = (name: string) => find<HTMLElement>(root, `[data-count="${name}"]`);
  const dots = new Map<UserId, HTMLButtonElement>();
  const tableRows = new Map<UserId, HTMLTableRowElement>();
  /** The colour last sent to each user, which their dot then wears too. */
  const sentColours = new Map<UserId, string>();
  // The selection is a user, not a slot: once they leave, their slot may go to someone else.
  let selected: MonitoredUser | null = null;
  let lastUsers: MonitoredUser[] = [];

  function select(id: UserId): void {
    const user = lastUsers.find((candidate) => candidate.id === id);
    if (!user) return;
    selected = user;
    panel.hidden = false;
    find(panel, 'h2').textContent = playerName(user.slot);
    find(panel, '.detail').textContent = `id ${user.id}`;
    find(panel, '.sent').textContent = '';
    view.showUsers(lastUsers);
  }
  const onPick = (event: Event) => {
    const picked = (event.target as Element).closest<HTMLElement>('[data-user]');
    if (picked) select(Number(picked.dataset.user));
  };
  field.addEventListener('click', onPick);
  rows.addEventListener('click', onPick);

  /** Sends the event a button names, with the value of the input of the same name. */
  function sendFromPanel(name: PhoneEventName): void {
    if (selected === null) return;
    const input = panel.elements.namedItem(name);
    const data = input instanceof HTMLInputElement ? input.value : VIBRATION_MS;
    const delivered = send(selected.id, name, data);
    if (delivered && name === 'color') sentColours.set(selected.id, String(data));
    find(panel, '.sent').textContent = delivered
      ? `Sent ${name} to player ${selected.slot}`
      : 'Not connected';
    view.showUsers(lastUsers);
  }
  panel.addEventListener('click', (event) => {
    const button = (event.target as Element).closest<HTMLButtonElement>('[data-send]');
    if (button) sendFromPanel(button.dataset.send as PhoneEventName);
  });
  // Enter in the text field sends the text, rather than reloading the page.
  panel.addEventListener('submit', (event) => {
    event.preventDefault();
    sendFromPanel('text');
  });

  function ensure<E extends HTMLElement>(map: Map<UserId, E>, id: UserId, make: () => E): E {
    let element = map.get(id);
    if (!element) {
      element = make();
      element.dataset.user = String(id);
      map.set(id, element);
    }
    return element;
  }

  function removeGone(map: Map<UserId, HTMLElement>, live: Set<UserId>): void {
    for (const [id, element] of map) {
      if (live.has(id)) continue;
      element.remove();
      map.delete(id);
    }
  }

  const view: MonitorView = {
    showUsers(users) {
      lastUsers = users;
      users.forEach((user, index) => {
        const dot = ensure(dots, user.id, () => {
          const button = field.appendChild(document.createElement('button'));
          button.type = 'button';
          button.className = 'dot';
          return button;
        });
        const label = playerName(user.slot);
        if (dot.getAttribute('aria-label') !== label) {
          dot.setAttribute('aria-label', label);
          dot.textContent = String(user.slot);
        }
        // y is up on the phone and down on the page.
        dot.style.left = `${((user.x + 1) / 2) * 100}%`;
        dot.style.top = `${((1 - user.y) / 2) * 100}%`;
        dot.style.background = sentColours.get(user.id) ?? colourOf(user.slot);
        const picked = user.id === selected?.id;
        dot.setAttribute('aria-pressed', String(picked));
        const row = ensure(tableRows, user.id, () => document.createElement('tr'));
        // In slot order: a newcomer may take a free slot below the others.
        const place = rows.rows[index] ?? null;
        if (place !== row) rows.insertBefore(row, place);
        const sliders = [...user.sliders].map(([name, value]) => `${name} ${value}`).join(', ');
        const cells = [user.slot, user.x, user.y, user.speed, user.angle, sliders, user.id];
        while (row.cells.length < cells.length) row.insertCell();
        cells.map(String).forEach((text, i) => {
          const cell = row.cells[i];
          if (cell && cell.textContent !== text) cell.textContent = text;
        });
        row.classList.toggle('picked', picked);
      });
      const live = new Set(users.map((user) => user.id));
      removeGone(dots, live);
      removeGone(tableRows, live);
      count('users').textContent = String(users.length);
      if (selected !== null) {
        // Still here (or back, or renumbered by a restarted relay), or gone.
        const current = users.find((user) => user.id === selected?.id);
        if (current) selected = current;
        const heading = playerName(selected.slot);
        find(panel, 'h2').textContent = current ? heading : `${heading} (left)`;
      }
    },
    showStatus(next) {
      status.dataset.status = next;
      status.textContent = STATUS_TEXT[next];
    },
    showCounts({ phones, installations, rate }) {
      count('phones').textContent = phones === null ? '–' : String(phones);
      count('installations').textContent = installations === null ? '–' : String(installations);
      count('rate').textContent = String(rate);
    },
  };
  return view;
}
