// A Crowdstick installation in Node that takes the relay's OSC instead of its
// WebSocket: it keeps a table of the players by slot and prints it whenever it
// changes. Needs osc-min (npm install osc-min); the rest is Node's own.
//
//     npm start -- --osc 127.0.0.1:9000          the relay, in one terminal
//     node examples/osc/receiver.mjs --port 9000  this, in another
//
// UDP has no connection: start them in either order. A receiver that starts
// late (or restarts) fills its table from the refresh the relay sends every
// second; it learns a player's id only from their next connect.
import { createSocket } from 'node:dgram';
import { parseArgs } from 'node:util';
import { fromBuffer } from 'osc-min';

const { values } = parseArgs({ options: { port: { type: 'string', default: '9000' } } });
const port = /^\d+$/.test(values.port) ? Number(values.port) : NaN;
if (!(port >= 1 && port <= 65535)) {
  console.error(`receiver: --port must be an integer in 1..65535, got "${values.port}"`);
  process.exit(2);
}

/**
 * slot → { id, seen, x, y, speed, angle, sliders: Map(name → value), buttons: Map(name → 1 or 0) },
 * `seen` the last time the relay said the player is there.
 */
const players = new Map();
const newPlayer = (id) => ({
  id,
  seen: Date.now(),
  x: 0,
  y: 0,
  speed: 0,
  angle: 0,
  sliders: new Map(),
  buttons: new Map(),
});

/** One message: `/crowdstick/connect ii`, `/crowdstick/3/x f`, `/crowdstick/3/slider/zoom f`... */
function handle({ address, args }) {
  const [root, head, field, ...name] = address.split('/').slice(1);
  const value = args[0]?.value;
  if (root !== 'crowdstick') return;
  if (head === 'count') return dropStale();
  if (head === 'connect') return players.set(value, newPlayer(args[1]?.value));
  if (head === 'delete') return players.delete(value);

  const slot = Number(head);
  if (field === 'active') {
    if (value === 0) players.delete(slot);
    else if (players.has(slot)) players.get(slot).seen = Date.now();
    // Active with no connect seen: this receiver started late, and the refresh tells it.
    else players.set(slot, newPlayer(null));
    return;
  }
  // A value for a slot not in the table is a late datagram of a player who left.
  const player = players.get(slot);
  if (!player) return;
  // A name with characters an OSC address cannot hold comes percent-encoded.
  if (field === 'slider') player.sliders.set(decodeURIComponent(name.join('/')), value);
  else if (field === 'button') player.buttons.set(decodeURIComponent(name.join('/')), value);
  else if (['x', 'y', 'speed', 'angle'].includes(field)) player[field] = value;
}

/**
 * UDP may lose a datagram. A lost value is sent again by the next refresh, but
 * the refresh lists only the players who are there: one whose delete was lost
 * is simply no longer in it. Every refresh starts with the count, so that is
 * when a player not confirmed for three refreshes is dropped.
 */
const STALE_MS = 3000;
function dropStale() {
  for (const [slot, player] of players) {
    if (Date.now() - player.seen > STALE_MS) players.delete(slot);
  }
}

/** A packet is a message or a bundle of them: the relay sends each event as one bundle. */
function walk(packet) {
  if (packet.oscType === 'bundle') packet.elements.forEach(walk);
  else handle(packet);
}

const decimals = (value) => value.toFixed(3).padStart(6);
const whole = (value) => String(Math.round(value)).padStart(3);

/** The table as text: a line for the crowd, then one per player in slot order. */
function table() {
  const size = players.size;
  const lines = [
    size === 0 ? 'Crowdstick: no players' : `Crowdstick: ${size} player${size === 1 ? '' : 's'}`,
  ];
  for (const [slot, p] of [...players].sort(([a], [b]) => a - b)) {
    const columns = [
      `slot ${String(slot).padStart(2)}`,
      `id ${String(p.id ?? '-').padEnd(10)}`,
      `x ${decimals(p.x)}`,
      `y ${decimals(p.y)}`,
      `speed ${whole(p.speed)}`,
      `angle ${whole(p.angle)}`,
      ...[...p.sliders].map(([name, value]) => `${name} ${value.toFixed(3)}`),
      ...[...p.buttons].map(([name, value]) => `${name} ${value ? 'down' : 'up'}`),
    ];
    lines.push(`  ${columns.join('  ')}`);
  }
  return lines.join('\n');
}

let printed = '';
function print() {
  const text = table();
  // The refresh repeats what the table already holds: print only what changed.
  if (text === printed) return;
  printed = text;
  // On a terminal, redraw in place; into a pipe or a file, one table after another.
  if (process.stdout.isTTY) process.stdout.write('\x1b[H\x1b[2J');
  console.log(text);
}

const socket = createSocket('udp4');
socket.on('message', (datagram) => {
  try {
    walk(fromBuffer(datagram));
  } catch (error) {
    console.error(`receiver: dropped a packet that is not OSC (${error.message})`);
  }
});
socket.on('error', (error) => {
  console.error(`receiver: ${error.message}`);
  process.exit(1);
});
socket.bind(port, () => {
  console.log(`Listening for Crowdstick OSC on UDP port ${port}`);
  console.log(`(start the relay with: npm start -- --osc 127.0.0.1:${port})`);
  // At most ten tables a second, however fast the phones move.
  setInterval(print, 100);
});
