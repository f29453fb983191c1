import { connect as tcpConnect } from 'node:net';
import { beforeEach, describe, expect, it } from 'vitest';
import { counterDelta } from '../helpers/counters';
import { lanAddressOrSkip } from '../helpers/lanAddress';
import { openRawWebSocket } from '../helpers/rawWebSocket';
import type { Health } from '../helpers/relayProcess';
import { relayWith } from '../helpers/relayTest';
import { slotEvent, slotted } from '../helpers/slotted';
import { openClient, type Received, type TestClient } from '../helpers/wsClient';

/**
 * One relay for the whole table, started with small limits so that each can be
 * reached quickly; every case asserts the relay's exact reaction, and then that
 * it still serves a well-behaved phone and installation.
 */
const TOKEN = 'hostile-table-token';
const MAX_PHONES = 25;
const HEADERS_TIMEOUT_S = 1;
const HEARTBEAT_S = 0.5;
const CONNECT_TIMEOUT_S = 2;
/** How long the relay waits for the peer's answer to its close frame before ending the connection. */
const CLOSE_GRACE_S = 5;

const world = relayWith(
  [
    '--host',
    '0.0.0.0',
    '--token',
    TOKEN,
    '--max-phones',
    String(MAX_PHONES),
    '--heartbeat',
    String(HEARTBEAT_S),
    '--headers-timeout',
    String(HEADERS_TIMEOUT_S),
    '--connect-timeout',
    String(CONNECT_TIMEOUT_S),
  ],
  { perFile: true },
);
const { installation: installationSocket, phoneSocket } = world;
let nextId = 1000;
const freshId = (): number => (nextId += 1);

// Each case starts with nobody on the relay, however the last one ended.
beforeEach(async () => {
  await world.relay.waitForHealth((h) => h.controllers === 0 && h.installations === 0);
});

const update = (sliderId: number, x = 0.5) => ({
  type: 'update',
  sliderId,
  x,
  y: -0.25,
  speed: 56,
  angle: 333,
});

/**
 * A phone that is connected as `id`, with an installation that saw its connect,
 * and the phone told its slot. Each case starts with nobody on the relay, so the
 * slot is always 1: however the last user left, their slot was given back.
 */
async function connectedPair(id = freshId()) {
  const installation = await installationSocket();
  const phone = await phoneSocket();
  phone.send({ type: 'connect', sliderId: id });
  const slot = 1;
  expect(
    await installation.next((m: Received) => m.type === 'connect' && m.sliderId === id),
  ).toEqual({ type: 'connect', sliderId: id, slot });
  expect(await phone.next()).toEqual(slotEvent(slot));
  return { installation, phone, id, slot };
}

/** The proof after every case: a new phone and installation still work both ways. */
async function stillServes(): Promise<void> {
  const { installation, phone, id, slot } = await connectedPair();
  phone.send(update(id, 0.125));
  expect(await installation.next((m: Received) => m.type === 'update')).toEqual(
    slotted(update(id, 0.125), slot),
  );
  installation.send({ type: 'send', to: id, event: 'text', data: 'still here' });
  expect(await phone.next()).toEqual({ event: 'text', data: 'still here' });
}

/**
 * Sends `frame` from a connected phone, then a good update as a marker: the
 * frame must have been dropped for `reason` (exactly one drop, of that kind)
 * and nothing forwarded between the connect and the marker.
 */
async function expectDropped(frame: (id: number) => unknown, reason: string): Promise<void> {
  const before = await world.relay.health();
  const { installation, phone, id, slot } = await connectedPair();
  const sent = frame(id);
  if (sent instanceof Uint8Array) phone.sendBinary(sent);
  else phone.send(sent);
  phone.send(update(id, 0.875));
  const marker = await installation.next((m: Received) => m.type === 'update');
  expect(marker).toEqual(slotted(update(id, 0.875), slot));
  const connectAt = installation.received.findIndex((m: Received) => m.type === 'connect');
  expect(installation.received.slice(connectAt + 1)).toEqual([slotted(update(id, 0.875), slot)]);
  const after = await world.relay.health();
  expect(counterDelta(before.dropped, after.dropped)).toEqual({ [reason]: 1 });
  expect(phone.socket.readyState).toBe(phone.socket.OPEN);
}

/** Sends `frame` from a connected phone and expects exactly `clean`, with the slot, at the installation. */
async function expectCleaned(
  frame: (id: number) => string,
  clean: (id: number) => { type: string; sliderId: number },
) {
  const before = await world.relay.health();
  const { installation, phone, id, slot } = await connectedPair();
  phone.send(frame(id));
  const forwarded = await installation.next((m: Received) => m.type !== 'connect');
  expect(installation.texts.at(-1)).toBe(JSON.stringify(slotted(clean(id), slot)));
  expect(forwarded).toEqual(slotted(clean(id), slot));
  expect(Object.getPrototypeOf(forwarded)).toBe(Object.prototype);
  expect(counterDelta(before.dropped, (await world.relay.health()).dropped)).toEqual({});
}

/** Sends `frame` from a connected phone; the relay must close it with `code` and announce its leaving. */
async function expectClosed(send: (phone: TestClient, id: number) => void, code: number) {
  const { installation, phone, id, slot } = await connectedPair();
  send(phone, id);
  expect((await phone.closed).code).toBe(code);
  expect(await installation.next((m: Received) => m.type === 'delete')).toEqual({
    type: 'delete',
    sliderId: id,
    slot,
    reason: 'disconnect',
  });
}

/**
 * A connected phone stops reading, and sends pongs nobody asked for every 100 ms
 * if told to: the heartbeat must cut it off within two beats, its user deleted.
 */
async function expectCutOffByHeartbeat({ unaskedPongs }: { unaskedPongs: boolean }) {
  const before = await world.relay.health();
  const { installation, phone, id, slot } = await connectedPair();
  phone.pause();
  const pongs = unaskedPongs ? setInterval(() => phone.socket.pong(), 100) : undefined;
  const started = Date.now();
  try {
    expect(
      await installation.next((m: Received) => m.type === 'delete', 3000 * HEARTBEAT_S + 1000),
    ).toEqual({ type: 'delete', sliderId: id, slot, reason: 'disconnect' });
  } finally {
    clearInterval(pongs);
  }
  expect(Date.now() - started).toBeLessThan(2 * HEARTBEAT_S * 1000 + 500);
  expect((await world.relay.health()).cutOff.silent - before.cutOff.silent).toBe(1);
  phone.socket.terminate();
}

/** An installation frame that must be dropped for `reason` while the installation stays open. */
async function expectInstallationDrop(frame: unknown, reason: string): Promise<void> {
  const before = await world.relay.health();
  const installation = await installationSocket();
  if (frame instanceof Uint8Array) installation.sendBinary(frame);
  else installation.send(frame);
  const after = await world.relay.waitForHealth(
    (h) => JSON.stringify(h.dropped) !== JSON.stringify(before.dropped),
  );
  expect(counterDelta(before.dropped, after.dropped)).toEqual({ [reason]: 1 });
  expect(installation.socket.readyState).toBe(installation.socket.OPEN);
}

/** An upgrade that must be refused with `status`, counted under `reason`. */
async function expectRefused(url: string, options: object, status: number, reason: string) {
  const before = await world.relay.health();
  await expect(openClient(url, options)).rejects.toThrow(`Unexpected server response: ${status}`);
  const after = await world.relay.health();
  expect(counterDelta(before.refused, after.refused)).toEqual({ [reason]: 1 });
}

/** Opens a raw TCP connection, writes `chunks` one per `everyMs`, and resolves with what came back and when it closed. */
function rawConnection(chunks: string[], everyMs: number) {
  return new Promise<{ answer: string; closedAfterMs: number }>((resolve) => {
    const started = Date.now();
    const socket = tcpConnect(world.relay.port, '127.0.0.1');
    let answer = '';
    let index = 0;
    const timer = setInterval(() => {
      const chunk = chunks[index++];
      if (chunk !== undefined && !socket.destroyed) socket.write(chunk);
    }, everyMs);
    socket.on('data', (data) => (answer += data.toString()));
    socket.on('error', () => {});
    socket.on('close', () => {
      clearInterval(timer);
      resolve({ answer, closedAfterMs: Date.now() - started });
    });
  });
}

const updateWith = (fields: Record<string, unknown>) => (id: number) => ({
  ...update(id),
  ...fields,
});
const text = (make: (id: number) => string) => make;

interface HostileCase {
  name: string;
  /** `context.skip` reports the case as skipped, with why, where this machine cannot run it. */
  run: (context: { skip(note?: string): never }) => Promise<void>;
}

const dropCases: Array<[string, (id: number) => unknown, string]> = [
  ['a binary frame', () => new Uint8Array([123, 125]), 'binary'],
  ['an empty binary frame', () => new Uint8Array(0), 'binary'],
  ['text that is not JSON', text(() => '{"type":"update",'), 'not-json'],
  ['an empty text frame', text(() => ''), 'not-json'],
  [
    'NaN, which JSON cannot carry',
    text((id) => `{"type":"update","sliderId":${id},"x":NaN}`),
    'not-json',
  ],
  [
    'Infinity, which JSON cannot carry',
    text((id) => `{"type":"update","sliderId":${id},"x":Infinity}`),
    'not-json',
  ],
  ['JSON null', text(() => 'null'), 'not-object'],
  ['a JSON array', text((id) => `[{"type":"connect","sliderId":${id}}]`), 'not-object'],
  ['a JSON string', text(() => '"connect"'), 'not-object'],
  ['a JSON number', text(() => '42'), 'not-object'],
  ['arrays nested 3000 deep', text(() => '['.repeat(3000) + ']'.repeat(3000)), 'not-object'],
  ['an unknown type', (id) => ({ type: 'admin', sliderId: id }), 'unknown-type'],
  ['a type that is a number', (id) => ({ type: 7, sliderId: id }), 'unknown-type'],
  ['no type at all', (id) => ({ sliderId: id }), 'unknown-type'],
  [
    'a type hidden in __proto__',
    text((id) => `{"__proto__":{"type":"update"},"sliderId":${id}}`),
    'unknown-type',
  ],
  [
    'an update without x',
    (id) => ({ type: 'update', sliderId: id, y: 0, speed: 0, angle: 0 }),
    'bad-field',
  ],
  ['an x given as a string', updateWith({ x: '0.5' }), 'bad-field'],
  ['an x of 1e308', updateWith({ x: 1e308 }), 'bad-field'],
  [
    'an x of 1e999, which parses to Infinity',
    text((id) => JSON.stringify(update(id)).replace('0.5', '1e999')),
    'bad-field',
  ],
  ['an x just past the rim', updateWith({ x: 1.001 }), 'bad-field'],
  ['a y of null', updateWith({ y: null }), 'bad-field'],
  ['a fractional speed', updateWith({ speed: 50.5 }), 'bad-field'],
  ['a speed over 100', updateWith({ speed: 101 }), 'bad-field'],
  ['an angle of 360', updateWith({ angle: 360 }), 'bad-field'],
  ['a negative angle', updateWith({ angle: -1 }), 'bad-field'],
  ['an angle given as an object', updateWith({ angle: { valueOf: 1 } }), 'bad-field'],
  [
    'a slider name of 33 characters',
    (id) => ({ type: 'slider', sliderId: id, name: 'n'.repeat(33), value: 0.5 }),
    'bad-field',
  ],
  [
    'a slider name with a comma',
    (id) => ({ type: 'slider', sliderId: id, name: 'a,b', value: 0.5 }),
    'bad-field',
  ],
  [
    'a slider name with a control character',
    (id) => ({ type: 'slider', sliderId: id, name: 'a\u0000', value: 0.5 }),
    'bad-field',
  ],
  ['a slider without a name', (id) => ({ type: 'slider', sliderId: id, value: 0.5 }), 'bad-field'],
  [
    'a slider value of 1.5',
    (id) => ({ type: 'slider', sliderId: id, name: 'gain', value: 1.5 }),
    'bad-field',
  ],
  [
    'a slider value of -1e-9',
    (id) => ({ type: 'slider', sliderId: id, name: 'gain', value: -1e-9 }),
    'bad-field',
  ],
  ['a sliderId of 0', () => update(0), 'bad-field'],
  ['a sliderId past 2147483647', () => update(2147483648), 'bad-field'],
  ['a sliderId given as a string', (id) => ({ ...update(id), sliderId: String(id) }), 'bad-field'],
  ['a fractional sliderId', (id) => update(id + 0.5), 'bad-field'],
  ['a spoofed id in an update', (id) => update(id + 1), 'wrong-id'],
  ['a spoofed id in a connect', (id) => ({ type: 'connect', sliderId: id + 1 }), 'wrong-id'],
  ['a delete of someone else', (id) => ({ type: 'delete', sliderId: id + 1 }), 'wrong-id'],
  [
    'a second connect with no delete between',
    (id) => ({ type: 'connect', sliderId: id }),
    'already-connected',
  ],
];

const cases: HostileCase[] = [
  ...dropCases.map(([name, frame, reason]) => ({
    name: `${name}: dropped and counted as ${reason}`,
    run: () => expectDropped(frame, reason),
  })),
  {
    name: 'an update before any connect: dropped and counted as not-connected',
    async run() {
      const before = await world.relay.health();
      const installation = await installationSocket();
      const phone = await phoneSocket();
      const id = freshId();
      phone.send(update(id));
      // Its connect after it is the marker: nothing of the update may come before.
      phone.send({ type: 'connect', sliderId: id });
      await installation.next((m: Received) => m.type === 'connect');
      expect(installation.received).toEqual([{ type: 'connect', sliderId: id, slot: 1 }]);
      const after = await world.relay.health();
      expect(counterDelta(before.dropped, after.dropped)).toEqual({ 'not-connected': 1 });
    },
  },
  {
    name: 'a __proto__ key: forwarded without it, on a plain object',
    run: () =>
      expectCleaned(
        (id) => JSON.stringify(update(id)).replace('{', '{"__proto__":{"polluted":true},'),
        update,
      ),
  },
  {
    name: 'constructor and prototype keys: forwarded without them',
    run: () =>
      expectCleaned(
        (id) =>
          JSON.stringify(update(id)).replace(
            '{',
            '{"constructor":{"prototype":{"x":1}},"prototype":1,',
          ),
        update,
      ),
  },
  {
    name: 'unknown extra fields: forwarded without them',
    run: () =>
      expectCleaned(
        (id) => JSON.stringify({ ...update(id), admin: true, reason: 'disconnect' }),
        update,
      ),
  },
  {
    name: 'a delete claiming the relay’s own reason: forwarded as the phone’s plain delete',
    run: () =>
      expectCleaned(
        (id) => JSON.stringify({ type: 'delete', sliderId: id, reason: 'disconnect' }),
        (id) => ({ type: 'delete', sliderId: id }),
      ),
  },
  {
    name: 'an oversize text frame: closed with 1009',
    run: () => expectClosed((phone) => phone.send('x'.repeat(9000)), 1009),
  },
  {
    name: 'an oversize binary frame: closed with 1009',
    run: () => expectClosed((phone) => phone.sendBinary(new Uint8Array(9000)), 1009),
  },
  {
    name: 'invalid UTF-8 in a text frame: closed with 1007',
    run: () =>
      expectClosed((phone) => phone.sendRawText(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d])), 1007),
  },
  {
    name: 'a flood: the excess dropped and counted, then closed with 1008',
    async run() {
      const before = await world.relay.health();
      await expectClosed((phone, id) => {
        for (let i = 0; i < 2000; i += 1) phone.send(update(id, (i % 1000) / 1000));
      }, 1008);
      const after = await world.relay.health();
      expect(after.cutOff.flood - before.cutOff.flood).toBe(1);
      expect(after.dropped['rate-limit'] - (before.dropped['rate-limit'] ?? 0)).toBeGreaterThan(
        240,
      );
    },
  },
  {
    name: 'a burst just over the limit: the excess dropped, the phone kept',
    async run() {
      const before = await world.relay.health();
      const { installation, phone, id } = await connectedPair();
      const other = await phoneSocket();
      const otherId = freshId();
      other.send({ type: 'connect', sliderId: otherId });
      await installation.next((m: Received) => m.sliderId === otherId);
      const forwarded = () =>
        installation.received.filter((m: Received) => m.type === 'update' && m.sliderId === id);
      const droppedSince = (health: Health) =>
        (health.dropped['rate-limit'] ?? 0) - (before.dropped['rate-limit'] ?? 0);
      // The connect took one of the 20 tokens; 30 at once leave about 11 over.
      for (let i = 1; i <= 30; i += 1) phone.send(update(id, i / 100));
      // Once every one of the 30 was either forwarded or dropped, the relay is done with
      // them; an update of another phone sent then is a marker behind the last forward.
      await world.relay.waitForHealth((h) => forwarded().length + droppedSince(h) >= 30);
      other.send(update(otherId));
      await installation.next((m: Received) => m.type === 'update' && m.sliderId === otherId);
      const dropped = droppedSince(await world.relay.health());
      expect(forwarded().length + dropped).toBe(30);
      expect(dropped).toBeGreaterThanOrEqual(9);
      expect(dropped).toBeLessThanOrEqual(11);
      expect(forwarded().map((m: Received) => m.x)).toEqual(
        Array.from({ length: 30 - dropped }, (_, i) => (i + 1) / 100),
      );
      expect(phone.socket.readyState).toBe(phone.socket.OPEN);
    },
  },
  {
    name: 'a second socket claiming a live id: the first closed with 4000, no delete',
    async run() {
      const { installation, phone, id, slot } = await connectedPair();
      const usurper = await phoneSocket();
      usurper.send({ type: 'connect', sliderId: id });
      expect((await phone.closed).code).toBe(4000);
      // The user never left: the newer socket speaks for them, in the same slot.
      expect(
        await installation.next((m: Received) => m.type === 'connect' && m.sliderId === id),
      ).toEqual({ type: 'connect', sliderId: id, slot });
      expect(await usurper.next()).toEqual(slotEvent(slot));
      // Once the relay has let the first socket go, a marker from the newer one: a
      // delete for the first one's close would stand before it.
      await world.relay.waitForHealth((h) => h.controllers === 1);
      usurper.send(update(id, 0.375));
      await installation.next((m: Received) => m.type === 'update');
      expect(installation.received).toEqual([
        { type: 'connect', sliderId: id, slot },
        { type: 'connect', sliderId: id, slot },
        slotted(update(id, 0.375), slot),
      ]);
    },
  },
  {
    name: 'a half-open phone that reads nothing: cut off by the heartbeat, its user deleted',
    run: () => expectCutOffByHeartbeat({ unaskedPongs: false }),
  },
  {
    name: 'a half-open phone that sends pongs nobody asked for: still cut off by the heartbeat',
    run: () => expectCutOffByHeartbeat({ unaskedPongs: true }),
  },
  {
    name: 'a phone that stops reading while texts to all pile up: cut off past --phone-buffer',
    async run() {
      const before = await world.relay.health();
      const { installation, phone, id, slot } = await connectedPair();
      phone.pause();
      const data = 'x'.repeat(7000);
      for (let round = 0; round < 100; round += 1) {
        if ((await world.relay.health()).cutOff.slowPhone > before.cutOff.slowPhone) break;
        for (let i = 0; i < 100; i += 1) {
          installation.send({ type: 'send', to: 'all', event: 'text', data });
        }
      }
      expect(await installation.next((m: Received) => m.type === 'delete')).toEqual({
        type: 'delete',
        sliderId: id,
        slot,
        reason: 'disconnect',
      });
      expect((await world.relay.health()).cutOff.slowPhone - before.cutOff.slowPhone).toBe(1);
      phone.socket.terminate();
    },
  },
  {
    name: `a phone socket that never says connect: closed with 1008 after ${CONNECT_TIMEOUT_S} s`,
    async run() {
      const before = await world.relay.health();
      const phone = await phoneSocket();
      const opened = Date.now();
      expect(await phone.closed).toEqual({ code: 1008, reason: 'no connect in time' });
      expect(Date.now() - opened).toBeGreaterThanOrEqual(CONNECT_TIMEOUT_S * 1000 - 100);
      expect((await world.relay.health()).cutOff.noConnect - before.cutOff.noConnect).toBe(1);
    },
  },
  {
    name: `a replaced socket that never answers its 4000 close: ended ${CLOSE_GRACE_S} s after it`,
    async run() {
      const id = freshId();
      const installation = await installationSocket();
      const stale = await openRawWebSocket(world.relay.port);
      try {
        stale.sendText(JSON.stringify({ type: 'connect', sliderId: id }));
        await installation.next((m: Received) => m.type === 'connect' && m.sliderId === id);
        const usurper = await phoneSocket();
        usurper.send({ type: 'connect', sliderId: id });
        const closeFrame = await stale.closeFrame;
        expect(closeFrame.code).toBe(4000);
        expect((await world.relay.health()).closing).toBe(1);
        const { at } = await stale.ended;
        expect(at - closeFrame.at).toBeLessThan(CLOSE_GRACE_S * 1000 + 1500);
        expect((await world.relay.health()).closing).toBe(0);
      } finally {
        stale.socket.destroy();
      }
    },
  },
  {
    name: 'a phone from a page of another origin: refused with 403',
    run: () =>
      expectRefused(world.relay.phoneSocketUrl, { origin: 'https://evil.example' }, 403, 'origin'),
  },
  {
    name: 'a phone from a sandboxed page (origin "null"): refused with 403',
    run: () => expectRefused(world.relay.phoneSocketUrl, { origin: 'null' }, 403, 'origin'),
  },
  {
    name: 'an upgrade on an unknown path: refused with 404',
    run: () => expectRefused(`${world.relay.installationUrl}admin`, {}, 404, 'path'),
  },
  {
    name: 'an installation asking for ?batch=0: refused with 400',
    run: () => expectRefused(`${world.relay.installationUrl}?batch=0`, {}, 400, 'bad-batch'),
  },
  {
    name: 'a remote installation without the token: refused with 401',
    run: (context) =>
      expectRefused(`ws://${lanAddressOrSkip(context)}:${world.relay.port}/`, {}, 401, 'no-token'),
  },
  {
    name: 'a remote installation with a wrong token: refused with 401, the token never logged',
    async run(context) {
      const lanAddress = lanAddressOrSkip(context);
      await expectRefused(
        `ws://${lanAddress}:${world.relay.port}/?token=guess-${TOKEN}`,
        {},
        401,
        'wrong-token',
      );
      await world.relay.waitForOutput(`refused an installation from ${lanAddress} (wrong-token)`);
      expect(world.relay.output()).not.toContain(TOKEN);
    },
  },
  {
    name: 'an installation’s binary frame: dropped and counted',
    run: () => expectInstallationDrop(new Uint8Array([1, 2, 3]), 'binary'),
  },
  {
    name: 'an installation’s text that is not JSON: dropped and counted',
    run: () => expectInstallationDrop('send everything', 'not-json'),
  },
  {
    name: 'an installation’s send with a bad target: dropped and counted',
    run: () =>
      expectInstallationDrop(
        { type: 'send', to: 'everyone', event: 'text', data: 'x' },
        'bad-field',
      ),
  },
  {
    name: 'an installation’s send to nobody: dropped and counted',
    run: () =>
      expectInstallationDrop({ type: 'send', to: 99, event: 'text', data: 'x' }, 'no-such-user'),
  },
  {
    name: 'an installation’s send to a slot nobody holds: dropped and counted',
    run: () =>
      expectInstallationDrop({ type: 'send', slot: 7, event: 'text', data: 'x' }, 'no-such-user'),
  },
  {
    name: 'an installation’s send naming both an id and a slot: dropped and counted',
    run: () =>
      expectInstallationDrop(
        { type: 'send', to: 'all', slot: 1, event: 'text', data: 'x' },
        'bad-field',
      ),
  },
  {
    name: 'an installation’s send to slot 0: dropped and counted',
    run: () =>
      expectInstallationDrop({ type: 'send', slot: 0, event: 'text', data: 'x' }, 'bad-field'),
  },
  {
    name: 'an installation’s subscribe at 500 a second: closed with 1008',
    async run() {
      const installation = await installationSocket();
      installation.send({ type: 'subscribe', batch: 500 });
      expect(await installation.closed).toEqual({
        code: 1008,
        reason: 'batch must be a whole number from 1 to 120',
      });
    },
  },
  {
    name: 'an installation’s oversize frame: closed with 1009',
    async run() {
      const installation = await installationSocket();
      installation.send({ type: 'send', to: 'all', event: 'text', data: 'x'.repeat(9000) });
      expect((await installation.closed).code).toBe(1009);
    },
  },
  {
    name: 'a slowloris upgrade dribbled in byte by byte: answered 408 and cut off',
    async run() {
      const request =
        'GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
        'Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n';
      const { answer, closedAfterMs } = await rawConnection([...request], 100);
      expect(answer).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
      expect(closedAfterMs).toBeLessThan(HEADERS_TIMEOUT_S * 1000 + 1500);
    },
  },
  {
    name: 'a connection that never says anything: answered 408 and cut off',
    async run() {
      const { answer, closedAfterMs } = await rawConnection([], 1000);
      expect(answer).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
      expect(closedAfterMs).toBeLessThan(HEADERS_TIMEOUT_S * 1000 + 1500);
    },
  },
  {
    name: 'bytes that are not HTTP at all: answered 400 and cut off',
    async run() {
      const { answer } = await rawConnection(['\u0016\u0003\u0001 not http at all\r\n\r\n'], 10);
      expect(answer).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    },
  },
  {
    name: `${MAX_PHONES + 15} phones at once: ${MAX_PHONES} kept, the rest closed with 1013`,
    async run() {
      const before = await world.relay.health();
      const phones = await Promise.all(
        Array.from({ length: MAX_PHONES + 15 }, () => phoneSocket()),
      );
      await world.relay.waitForHealth((h) => h.cutOff.full - before.cutOff.full >= 15);
      // A text to all after the turning away: each phone either gets it, kept, or
      // had its close before it, turned away.
      const installation = await installationSocket();
      installation.send({ type: 'send', to: 'all', event: 'text', data: 'kept' });
      const outcomes = await Promise.all(
        phones.map((phone) =>
          Promise.race([
            phone.next((m: Received) => m.data === 'kept').then(() => 'kept'),
            phone.closed,
          ]),
        ),
      );
      expect(outcomes.filter((outcome) => outcome === 'kept')).toHaveLength(MAX_PHONES);
      expect(outcomes.filter((outcome) => outcome !== 'kept')).toEqual(
        Array.from({ length: 15 }, () => ({ code: 1013, reason: 'the installation is full' })),
      );
      const after = await world.relay.health();
      expect(after.controllers).toBe(MAX_PHONES);
      expect(after.cutOff.full - before.cutOff.full).toBe(15);
    },
  },
];

describe('the relay under hostile input', () => {
  // `for` rather than `each`: it hands the case the test's context, to skip with a reason.
  it.for(cases.map((c) => [c.name, c] as const))(
    '%s; then still serves',
    async ([, c], context) => {
      await c.run(context);
      await world.endSockets();
      await world.relay.waitForHealth((h) => h.controllers === 0 && h.installations === 0);
      await stillServes();
    },
  );
});
