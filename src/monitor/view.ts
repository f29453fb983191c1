import type { UserId } from '../shared/protocol';
import type { MonitorStatus } from './connection';
import { lastSeenText, roundTripText, type PhoneRow } from './phones';
import { isAtRest, restingOffset } from './restingSpread';

/** The events the panel can send to a phone. */
export type PhoneEventName = 'color' | 'text' | 'vibrate';

/** What the page's buttons ask of the relay. */
export interface MonitorActions {
  /** Sends an event to one phone, or to every phone; false when not connected. */
  send(to: UserId | 'all', event: PhoneEventName, data: unknown): boolean;
  /** Removes a phone (the relay turns it back for `--kick-seconds`); false when not connected. */
  kick(id: UserId): boolean;
}

export interface MonitorView {
  showPhones(rows: PhoneRow[]): void;
  showStatus(status: MonitorStatus): void;
  /** null: not known (the relay did not answer /healthz). */
  showCounts(counts: { phones: number | null; installations: number | null; rate: number }): void;
  /** The URL visitors open, from the relay's report; null when it has none to show. */
  showPhoneUrl(url: string | null): void;
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
    <div><dt>players</dt><dd data-count="users">0</dd></div>
    <div><dt>installations</dt><dd data-count="installations">–</dd></div>
    <div><dt>messages/s</dt><dd data-count="rate">0</dd></div>
  </dl>
  <p class="join"><span class="joins-at" hidden>Phones join at <a class="phone-url" target="_blank" rel="noopener"></a></span>
    <a class="qr-link" href="/qr" target="_blank" rel="noopener">QR code page</a></p>
</header>
<section class="field" aria-label="Every player's joystick">
  <p class="empty">No phone is here yet. Show the <a href="/qr" target="_blank" rel="noopener">QR code page</a> on the installation's screen; each phone that scans it appears here as a dot.</p>
</section>
<aside class="side">
  <form class="selected" aria-label="Selected phone" hidden>
    <h2></h2>
    <p class="detail"></p>
    <label>Colour <input type="color" name="color" value="#ff3366" /></label>
    <button type="button" data-send="color">Send colour</button>
    <label>Text <input type="text" name="text" maxlength="200" value="Hello!" /></label>
    <button type="button" data-send="text">Send text</button>
    <button type="button" data-send="vibrate">Vibrate</button>
    <button type="button" class="kick" data-kick>Remove this phone</button>
    <p class="sent" aria-live="polite"></p>
  </form>
  <form class="everyone" aria-label="Every phone">
    <label>Text to every phone <input type="text" name="all-text" maxlength="200" value="" /></label>
    <button type="submit">Send to all</button>
    <p class="sent-all" aria-live="polite"></p>
  </form>
  <div class="table-scroll">
    <table class="users">
      <thead><tr><th>player</th><th>x</th><th>y</th><th>speed</th><th>angle</th><th>sliders</th><th>buttons</th><th>round trip</th><th>msg/s</th><th>last seen</th><th>id</th></tr></thead>
      <tbody></tbody>
    </table>
  </div>
</aside>`;

/**
 * A dot's colour until the monitor sends one: a hue from the slot, the same
 * on every reload. Steps of 137° (near the golden angle) keep the few low
 * slots of a small crowd far apart on the colour wheel.
 */
export const colourOf = (slot: number): string => `hsl(${(slot * 137) % 360} 80% 60%)`;

/** How the monitor names a user: by the number their phone shows. */
export const playerName = (slot: number): string => `Player ${slot}`;

/** How the monitor names a phone whose user is away: by its id, since it holds no number. */
const phoneName = (row: { id: UserId; slot: number | null }): string =>
  row.slot === null ? `Phone ${row.id} (away)` : playerName(row.slot);

const find = <T extends Element>(root: ParentNode, selector: string): T => {
  const found = root.querySelector<T>(selector);
  if (!found) throw new Error(`monitor: ${selector} is missing from the page`);
  return found;
};

/** The table's cells for one phone, in the header's order. */
function cellsOf(row: PhoneRow): string[] {
  const user = row.user;
  const sliders = user
    ? [...user.sliders].map(([name, value]) => `${name} ${value}`).join(', ')
    : '';
  // Held buttons by name; one let go shows no longer.
  const buttons = user
    ? [...user.buttons]
        .filter(([, held]) => held)
        .map(([name]) => name)
        .join(', ')
    : '';
  const stick = user ? [user.x, user.y, user.speed, user.angle].map(String) : ['', '', '', ''];
  return [
    row.slot === null ? 'away' : String(row.slot),
    ...stick,
    sliders,
    buttons,
    roundTripText(row.report),
    row.report === undefined ? '–' : String(row.report.perSecond),
    lastSeenText(row.report),
    String(row.id),
  ];
}

/** Builds the page inside `root`; `actions` carry out what its buttons ask. */
export function createMonitorView(root: HTMLElement, actions: MonitorActions): MonitorView {
  root.innerHTML = SKELETON;
  const field = find<HTMLElement>(root, '.field');
  const empty = find<HTMLElement>(root, '.empty');
  const rows = find<HTMLTableSectionElement>(root, '.users tbody');
  const panel = find<HTMLFormElement>(root, '.selected');
  const everyone = find<HTMLFormElement>(root, '.everyone');
  const status = find<HTMLElement>(root, '.status');
  const phoneUrl = find<HTMLAnchorElement>(root, '.phone-url');
  const joinsAt = find<HTMLElement>(root, '.joins-at');
  const count = (name: string) => find<HTMLElement>(root, `[data-count="${name}"]`);
  const dots = new Map<UserId, HTMLButtonElement>();
  const tableRows = new Map<UserId, HTMLTableRowElement>();
  /** The colour last sent to each user, which their dot then wears too. */
  const sentColours = new Map<UserId, string>();
  // The selection is a phone, not a slot: once it leaves, its slot may go to someone else.
  let selected: PhoneRow | null = null;
  let lastRows: PhoneRow[] = [];

  const say = (text: string) => (find(panel, '.sent').textContent = text);

  /** The name the selected phone last had as a player, so one who leaves is still "Player 2 (left)". */
  let selectedName = '';
  function showSelected(): void {
    if (selected === null) return;
    const current = lastRows.find((row) => row.id === selected?.id);
    if (current) selected = current;
    if (current?.slot != null || selectedName === '') selectedName = phoneName(selected);
    find(panel, 'h2').textContent = current ? phoneName(selected) : `${selectedName} (left)`;
    find(panel, '.detail').textContent = `id ${selected.id}`;
  }

  function select(id: UserId): void {
    const row = lastRows.find((candidate) => candidate.id === id);
    if (!row) return;
    selected = row;
    selectedName = '';
    panel.hidden = false;
    say('');
    view.showPhones(lastRows);
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
    const delivered = actions.send(selected.id, name, data);
    if (delivered && name === 'color') sentColours.set(selected.id, String(data));
    say(delivered ? `Sent ${name} to ${phoneName(selected).toLowerCase()}` : 'Not connected');
    view.showPhones(lastRows);
  }
  panel.addEventListener('click', (event) => {
    const target = event.target as Element;
    const button = target.closest<HTMLButtonElement>('[data-send]');
    if (button) sendFromPanel(button.dataset.send as PhoneEventName);
    if (target.closest('[data-kick]') && selected !== null) {
      const kicked = actions.kick(selected.id);
      say(kicked ? `Removed ${phoneName(selected).toLowerCase()}` : 'Not connected');
    }
  });
  // Enter in the text field sends the text, rather than reloading the page.
  panel.addEventListener('submit', (event) => {
    event.preventDefault();
    sendFromPanel('text');
  });
  everyone.addEventListener('submit', (event) => {
    event.preventDefault();
    const input = everyone.elements.namedItem('all-text') as HTMLInputElement;
    const delivered = actions.send('all', 'text', input.value);
    find(everyone, '.sent-all').textContent = delivered ? 'Sent to every phone' : 'Not connected';
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

  /** A dot per present player, at their stick; those at rest spread around the centre. */
  function placeDots(players: PhoneRow[]): void {
    let resting = 0;
    for (const row of players) {
      const user = row.user!;
      const dot = ensure(dots, row.id, () => {
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
      const { dx, dy } = isAtRest(user) ? restingOffset(resting++) : { dx: 0, dy: 0 };
      dot.style.transform = `translate(calc(-50% + ${dx.toFixed(2)}em), calc(-50% + ${dy.toFixed(2)}em))`;
      dot.style.background = sentColours.get(row.id) ?? colourOf(user.slot);
      dot.setAttribute('aria-pressed', String(row.id === selected?.id));
    }
    removeGone(dots, new Set(players.map((row) => row.id)));
  }

  const view: MonitorView = {
    showPhones(phones) {
      lastRows = phones;
      const players = phones.filter((row) => row.user !== undefined);
      placeDots(players);
      empty.hidden = phones.length > 0;
      phones.forEach((phone, index) => {
        const row = ensure(tableRows, phone.id, () => document.createElement('tr'));
        // In slot order: a newcomer may take a free slot below the others.
        const place = rows.rows[index] ?? null;
        if (place !== row) rows.insertBefore(row, place);
        const cells = cellsOf(phone);
        while (row.cells.length < cells.length) row.insertCell();
        cells.forEach((text, i) => {
          const cell = row.cells[i];
          if (cell && cell.textContent !== text) cell.textContent = text;
        });
        row.classList.toggle('picked', phone.id === selected?.id);
        row.classList.toggle('away', phone.user === undefined);
      });
      removeGone(tableRows, new Set(phones.map((phone) => phone.id)));
      count('users').textContent = String(players.length);
      showSelected();
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
    showPhoneUrl(url) {
      joinsAt.hidden = url === null;
      if (url === null || phoneUrl.textContent === url) return;
      phoneUrl.textContent = url;
      phoneUrl.href = url;
    },
  };
  return view;
}
