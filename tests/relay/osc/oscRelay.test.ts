import { spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { networkInterfaces } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { counterDelta } from '../../helpers/counters';
import { startRelayProcess, type RelayProcess } from '../../helpers/relayProcess';
import { slotEvent, slotted } from '../../helpers/slotted';
import { openClient, type Received, type TestClient } from '../../helpers/wsClient';
import {
  encodeOsc,
  freeUdpPort,
  oscSend,
  sendRaw,
  startOscDump,
  type DumpLine,
  type OscDump,
} from './liblo';

/**
 * The relay as `npm start` runs it, with `--osc` to liblo's oscdump and
 * `--osc-in` sent to by liblo's oscsend, and phones on real sockets: the OSC
 * side end to end, each address and argument type as an independent OSC
 * implementation reads it.
 */

const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** A non-loopback address of this machine: a datagram sent to it comes from "elsewhere". */
const lanAddress = Object.values(networkInterfaces())
  .flat()
  .find((info) => info?.family === 'IPv4' && !info.internal)?.address;

/** A float as oscdump prints it: the float32 the wire carries, with `%f`'s six decimals. */
const f = (value: number) => Math.fround(value).toFixed(6);

/** A line as `address types value...`. */
const shown = (line: DumpLine) => `${line.address} ${line.types} ${line.values.join(' ')}`;

/**
 * The lines as bundles: liblo gives every message of one bundle the bundle's
 * time tag (the time it arrived, the relay's being "immediately").
 */
function bundlesOf(lines: DumpLine[]): string[][] {
  const bundles: string[][] = [];
  let tag: string | null = null;
  for (const line of lines) {
    if (line.timetag !== tag) bundles.push([]);
    tag = line.timetag;
    bundles.at(-1)?.push(shown(line));
  }
  return bundles;
}

/** A refresh's bundles start with the count, or (past the first, in a big crowd) with a user's `active`. */
const isRefresh = (bundle: string[]) => /^\/crowdstick\/(count|\d+\/active) /.test(bundle[0] ?? '');

/** The bundles of phone events since line `from`, the once-a-second refreshes left out. */
const eventBundles = (dump: OscDump, from: number) =>
  bundlesOf(dump.lines().slice(from)).filter((bundle) => !isRefresh(bundle));

/** The refresh bundles since line `from`. */
const refreshBundles = (dump: OscDump, from: number) =>
  bundlesOf(dump.lines().slice(from)).filter(isRefresh);

async function waitForEventBundles(dump: OscDump, from: number, count: number) {
  await dump.waitFor(() => eventBundles(dump, from).length >= count);
  return eventBundles(dump, from);
}

const connectBundle = (slot: number, id: number, count: number) => [
  `/crowdstick/connect ii ${slot} ${id}`,
  `/crowdstick/${slot}/active f ${f(1)}`,
  `/crowdstick/count f ${f(count)}`,
];
const deleteBundle = (slot: number, id: number, count: number) => [
  `/crowdstick/delete ii ${slot} ${id}`,
  `/crowdstick/${slot}/active f ${f(0)}`,
  `/crowdstick/count f ${f(count)}`,
];
const stick = { x: 0.123, y: -1, speed: 100, angle: 359 };
const stickBundle = (slot: number, values = stick) => [
  `/crowdstick/${slot}/x f ${f(values.x)}`,
  `/crowdstick/${slot}/y f ${f(values.y)}`,
  `/crowdstick/${slot}/speed f ${f(values.speed)}`,
  `/crowdstick/${slot}/angle f ${f(values.angle)}`,
];

/** The UDP port OSC in listens on, from the relay's start-up line (`--osc-in 0` picks one). */
function oscInPort(relay: RelayProcess): number {
  const port = /^OSC in: \S+:(\d+), from /m.exec(relay.output())?.[1];
  if (port === undefined) throw new Error(`The relay printed no OSC in line:\n${relay.output()}`);
  return Number(port);
}

/** How many times `text` occurs in the relay's output. */
const occurrences = (relay: RelayProcess, text: string) => relay.output().split(text).length - 1;

/** Phones opened by a test, closed after it. */
const phones: TestClient[] = [];
let nextId = 70_000;
/** Ids are never reused: an id that comes back gets its old slot, which would blur what a case shows. */
const freshId = () => (nextId += 1);

/** A phone that sent its connect and was told its slot. */
async function joinPhone(relay: RelayProcess, id = freshId()) {
  const phone = await openClient(relay.phoneSocketUrl);
  phones.push(phone);
  phone.send({ type: 'connect', sliderId: id });
  const told = await phone.next((m: Received) => m.event === 'slot');
  return { phone, id, slot: told.data as number, told };
}

/** Closes every phone of the case and waits until the relay has nobody left. */
async function leaveAll(relay: RelayProcess) {
  await Promise.all(phones.splice(0).map((phone) => phone.close()));
  await relay.waitForHealth((health) => health.controllers === 0 && health.users === 0);
}

/** What the phone got after its slot, as `{event, data}` frames. */
const eventsAfterSlot = (phone: TestClient) =>
  phone.received.filter((m: Received) => m.event !== undefined && m.event !== 'slot');

describe('the relay with --osc and --osc-in, as a real process', () => {
  let dump: OscDump;
  let relay: RelayProcess;
  let inPort: number;

  beforeAll(async () => {
    dump = await startOscDump();
    // No crowd bundles here, so each event's bundle is all a datagram holds at this pace.
    relay = await startRelayProcess([
      '--osc',
      `127.0.0.1:${dump.port}`,
      '--osc-in',
      '0',
      '--osc-crowd',
      '0',
    ]);
    inPort = oscInPort(relay);
  });
  afterAll(async () => {
    await relay?.stop();
    await dump?.stop();
  });
  afterEach(() => leaveAll(relay));

  it('prints where OSC goes and where it is taken at start', () => {
    expect(relay.output()).toContain(`OSC out: 127.0.0.1:${dump.port}\n`);
    expect(relay.output()).toContain(
      `OSC in: 127.0.0.1:${inPort}, from loopback only (add --installation-from ADDRESS for another machine)\n`,
    );
  });

  it('sends a connect, an update, a slider and an idle delete as oscdump reads them, one bundle each', async () => {
    const from = dump.lines().length;
    const { phone, id, told } = await joinPhone(relay);
    expect(told).toEqual(slotEvent(1));
    phone.send({ type: 'update', sliderId: id, ...stick });
    phone.send({ type: 'slider', sliderId: id, name: 'zoom', value: 0.75 });
    // What the page sends after the idle time without interaction.
    phone.send({ type: 'delete', sliderId: id });

    expect(await waitForEventBundles(dump, from, 4)).toEqual([
      connectBundle(1, id, 1),
      stickBundle(1),
      [`/crowdstick/1/slider/zoom f ${f(0.75)}`],
      deleteBundle(1, id, 0),
    ]);
    const [target] = (await relay.health()).osc.out.targets;
    expect(target).toMatchObject({
      host: '127.0.0.1',
      port: dump.port,
      address: '127.0.0.1',
      errors: {},
    });
    expect(target.bundles).toBeGreaterThanOrEqual(4);
    // Events the relay reads within 2 ms share a datagram: never more datagrams than bundles.
    expect(target.datagrams).toBeLessThanOrEqual(target.bundles);
  });

  it('sends a delete when a phone’s socket ends without one', async () => {
    const from = dump.lines().length;
    const { phone, id } = await joinPhone(relay);
    await phone.close();
    expect(await waitForEventBundles(dump, from, 2)).toEqual([
      connectBundle(1, id, 1),
      deleteBundle(1, id, 0),
    ]);
  });

  it('gives two phones slots 1 and 2, counts them, and gives the freed slot to the next one', async () => {
    const from = dump.lines().length;
    const first = await joinPhone(relay);
    await waitForEventBundles(dump, from, 1);
    const second = await joinPhone(relay);
    expect([first.told, second.told]).toEqual([slotEvent(1), slotEvent(2)]);
    await waitForEventBundles(dump, from, 2);

    second.phone.send({
      type: 'update',
      sliderId: second.id,
      x: -0.5,
      y: 0.25,
      speed: 56,
      angle: 153,
    });
    await waitForEventBundles(dump, from, 3);
    await first.phone.close();
    await waitForEventBundles(dump, from, 4);
    const third = await joinPhone(relay);
    expect(third.told).toEqual(slotEvent(1));

    expect(await waitForEventBundles(dump, from, 5)).toEqual([
      connectBundle(1, first.id, 1),
      connectBundle(2, second.id, 2),
      stickBundle(2, { x: -0.5, y: 0.25, speed: 56, angle: 153 }),
      deleteBundle(1, first.id, 1),
      connectBundle(1, third.id, 2),
    ]);
  });

  it('refreshes every present user’s state and the count about once a second', async () => {
    const joined = dump.lines().length;
    const { phone, id } = await joinPhone(relay);
    phone.send({ type: 'update', sliderId: id, ...stick });
    phone.send({ type: 'slider', sliderId: id, name: 'zoom', value: 0.25 });
    const from = dump.lines().length;
    // After both values are in: a refresh may be sent between the connect and the update.
    await waitForEventBundles(dump, joined, 3);
    const started = Date.now();
    await dump.waitFor(() => refreshBundles(dump, from).length >= 3, 6000);
    const elapsed = Date.now() - started;

    const expected = [
      `/crowdstick/count f ${f(1)}`,
      `/crowdstick/1/active f ${f(1)}`,
      ...stickBundle(1),
      `/crowdstick/1/slider/zoom f ${f(0.25)}`,
    ];
    // The last two are surely after the slider; the first may have been on its way already.
    // Slots freed by the tests before are repeated as active 0 for a while: left out here.
    const ownState = (bundle: string[]) => bundle.filter((line) => !line.endsWith(`f ${f(0)}`));
    expect(refreshBundles(dump, from).slice(1, 3).map(ownState)).toEqual([expected, expected]);
    // Three refreshes in little more than two seconds: one each second.
    expect(elapsed).toBeLessThan(3500);
  });

  it('repeats a freed slot as active 0 in the refreshes, so a receiver that lost the leave drops it too', async () => {
    const { phone, id, slot } = await joinPhone(relay);
    const from = dump.lines().length;
    phone.send({ type: 'delete', sliderId: id });
    await dump.waitFor(() => eventBundles(dump, from).length >= 1);
    const afterLeave = dump.lines().length;
    await dump.waitFor(() => refreshBundles(dump, afterLeave).length >= 2, 4000);
    for (const bundle of refreshBundles(dump, afterLeave).slice(0, 2)) {
      expect(bundle).toContain(`/crowdstick/${slot}/active f ${f(0)}`);
      expect(bundle).not.toContain(`/crowdstick/${slot}/active f ${f(1)}`);
    }
    // Taken again, the slot is active 1 in the refresh, and never 0.
    const back = await joinPhone(relay, id);
    expect(back.slot).toBe(slot);
    const afterReturn = dump.lines().length;
    await dump.waitFor(() => refreshBundles(dump, afterReturn).length >= 2, 4000);
    const latest = refreshBundles(dump, afterReturn).at(-1) ?? [];
    expect(latest).toContain(`/crowdstick/${slot}/active f ${f(1)}`);
    expect(latest).not.toContain(`/crowdstick/${slot}/active f ${f(0)}`);
    back.phone.send({ type: 'delete', sliderId: id });
  });

  it('passes /crowdstick/send from oscsend to the phone in that slot, or to all, with each data type', async () => {
    const one = await joinPhone(relay);
    const two = await joinPhone(relay);
    expect([one.slot, two.slot]).toEqual([1, 2]);
    const before = (await relay.health()).osc.in;

    const sends: [string, ...string[]][] = [
      ['iss', '1', 'text', 'hello'],
      ['isi', '2', 'vibrate', '200'],
      ['isf', '1', 'zoom', '0.1'],
      ['iss', '1', 'vibrate', '[200,100,200]'],
      ['sss', 'all', 'color', '#ff3366'],
      ['sss', 'all', 'score', '{"points":3}'],
      ['iss', '2', 'text', '42'],
      ['iss', '2', 'text', '"42"'],
      ['iss', '2', 'text', 'not {json'],
    ];
    for (const [types, ...values] of sends) {
      await oscSend(inPort, '/crowdstick/send', types, ...values);
    }
    await one.phone.waitUntil(() => eventsAfterSlot(one.phone).length === 5);
    await two.phone.waitUntil(() => eventsAfterSlot(two.phone).length === 6);

    expect(eventsAfterSlot(one.phone)).toEqual([
      { event: 'text', data: 'hello' },
      { event: 'zoom', data: 0.1 },
      { event: 'vibrate', data: [200, 100, 200] },
      { event: 'color', data: '#ff3366' },
      { event: 'score', data: { points: 3 } },
    ]);
    expect(eventsAfterSlot(two.phone)).toEqual([
      { event: 'vibrate', data: 200 },
      { event: 'color', data: '#ff3366' },
      { event: 'score', data: { points: 3 } },
      { event: 'text', data: 42 },
      { event: 'text', data: '42' },
      { event: 'text', data: 'not {json' },
    ]);
    const after = (await relay.health()).osc.in;
    expect(after.received - before.received).toBe(sends.length);
    expect(after.sent - before.sent).toBe(sends.length);
    expect(after.malformed - before.malformed).toBe(0);
    expect(after.refused - before.refused).toBe(0);
  });

  it('counts malformed packets in /healthz by kind, logs each kind once, and still passes a good send', async () => {
    const { phone } = await joinPhone(relay);
    const before = (await relay.health()).osc.in;

    await sendRaw(inPort, new TextEncoder().encode('hello, not OSC'));
    await sendRaw(inPort, new Uint8Array([0x2f, 0x00, 0x00]));
    await oscSend(inPort, '/crowdstick/other', 'f', '1');
    await oscSend(inPort, '/crowdstick/send', 'is', '1', 'text');
    await oscSend(inPort, '/crowdstick/send', 'issi', '1', 'text', 'hi', '2');
    await oscSend(inPort, '/crowdstick/send', 'iss', '0', 'text', 'hi');
    await oscSend(inPort, '/crowdstick/send', 'sss', 'everyone', 'text', 'hi');
    await oscSend(inPort, '/crowdstick/send', 'fss', '1', 'text', 'hi');
    await oscSend(inPort, '/crowdstick/send', 'iss', '1', '', 'hi');
    // One datagram: a good send and a stray message in one bundle.
    await sendRaw(
      inPort,
      encodeOsc({
        timetag: [0, 1],
        elements: [
          {
            address: '/crowdstick/send',
            args: [
              { type: 'integer', value: 1 },
              { type: 'string', value: 'text' },
              { type: 'string', value: 'from a bundle' },
            ],
          },
          { address: '/crowdstick/ping', args: [] },
        ],
      }),
    );
    await oscSend(inPort, '/crowdstick/send', 'iss', '1', 'text', 'still here');

    await phone.waitUntil(() => eventsAfterSlot(phone).length === 2);
    expect(eventsAfterSlot(phone)).toEqual([
      { event: 'text', data: 'from a bundle' },
      { event: 'text', data: 'still here' },
    ]);
    const after = await relay.waitForHealth((h) => h.osc.in.received - before.received === 11);
    expect(counterDelta(before.malformedBy, after.osc.in.malformedBy)).toEqual({
      'not-osc': 2,
      'wrong-address': 2,
      'missing-args': 1,
      'extra-args': 1,
      'bad-target': 2,
      'wrong-types': 1,
      'bad-event': 1,
    });
    expect(after.osc.in.malformed - before.malformed).toBe(10);
    expect(after.osc.in.sent - before.sent).toBe(2);
    expect(after.osc.in.refused - before.refused).toBe(0);
    await relay.waitForOutput('(bad-event); further drops of this kind are only counted');
    expect(
      occurrences(
        relay,
        'crowdstick: OSC in dropped a packet from 127.0.0.1 (not-osc); further drops of this kind are only counted\n',
      ),
    ).toBe(1);
    expect(occurrences(relay, '(wrong-address); further drops')).toBe(1);
    expect(occurrences(relay, '(bad-target); further drops')).toBe(1);
  });
});

describe('the relay, to an OSC receiver that starts late', () => {
  let relay: RelayProcess;
  let port: number;
  let dump: OscDump | null = null;

  beforeAll(async () => {
    port = await freeUdpPort();
    relay = await startRelayProcess(['--osc', `127.0.0.1:${port}`, '--osc-crowd', '0']);
  });
  afterAll(async () => {
    await dump?.stop();
    await relay?.stop();
  });
  afterEach(() => leaveAll(relay));

  it('catches it up from the refresh: the count, and each user’s active and latest values', async () => {
    const first = await joinPhone(relay);
    const second = await joinPhone(relay);
    first.phone.send({ type: 'update', sliderId: first.id, ...stick });
    first.phone.send({ type: 'slider', sliderId: first.id, name: 'zoom', value: 0.75 });
    second.phone.send({ type: 'slider', sliderId: second.id, name: 'hue', value: 0.5 });
    // Every event went out to nobody before the receiver starts.
    await relay.waitForHealth((h) => h.osc.out.targets[0].bundles >= 5);

    dump = await startOscDump(port);
    const late = dump;
    await late.waitFor(() => refreshBundles(late, 0).length >= 1, 3000);
    expect(refreshBundles(late, 0)[0]).toEqual([
      `/crowdstick/count f ${f(2)}`,
      `/crowdstick/1/active f ${f(1)}`,
      ...stickBundle(1),
      `/crowdstick/1/slider/zoom f ${f(0.75)}`,
      `/crowdstick/2/active f ${f(1)}`,
      `/crowdstick/2/slider/hue f ${f(0.5)}`,
    ]);
    // The events it missed are missed for good: only the refresh tells of them.
    expect(eventBundles(late, 0)).toEqual([]);
  });
});

describe('the relay, with an OSC target that is down', () => {
  let relay: RelayProcess;
  let downPort: number;
  let live: OscDump;

  beforeAll(async () => {
    downPort = await freeUdpPort();
    live = await startOscDump();
    relay = await startRelayProcess([
      '--osc-crowd',
      '0',
      '--osc',
      `127.0.0.1:${downPort}`,
      '--osc',
      `127.0.0.1:${live.port}`,
    ]);
  });
  afterAll(async () => {
    await relay?.stop();
    await live?.stop();
  });
  afterEach(() => leaveAll(relay));

  it('counts its errors, logs them once, and keeps serving the other target and installations', async () => {
    const warning = `crowdstick: OSC target 127.0.0.1:${downPort}: the port is unreachable (nothing listening there?) (ECONNREFUSED); further errors of this kind are only counted\n`;
    // Each refresh to a port with nothing behind it comes back as "port unreachable".
    const health = await relay.waitForHealth(
      (h) => (h.osc.out.targets[0].errors.refused ?? 0) >= 3,
    );
    expect(health.osc.out.targets[1]).toMatchObject({ port: live.port, errors: {} });
    await relay.waitForOutput(warning);
    expect(occurrences(relay, `OSC target 127.0.0.1:${downPort}:`)).toBe(1);

    const installation = await openClient(relay.installationUrl);
    try {
      const from = live.lines().length;
      const { phone, id, slot } = await joinPhone(relay);
      const update = { type: 'update', sliderId: id, ...stick };
      phone.send(update);
      expect(await installation.next((m: Received) => m.type === 'update')).toEqual(
        slotted(update, slot),
      );
      expect(await waitForEventBundles(live, from, 2)).toEqual([
        connectBundle(slot, id, 1),
        stickBundle(slot),
      ]);
    } finally {
      await installation.close();
    }
    expect(occurrences(relay, `OSC target 127.0.0.1:${downPort}:`)).toBe(1);
  });
});

describe('the relay’s OSC in, to senders on other machines', () => {
  const relays: RelayProcess[] = [];
  afterEach(async () => {
    await Promise.all(phones.splice(0).map((phone) => phone.close()));
    await Promise.all(relays.splice(0).map((relay) => relay.stop()));
  });

  async function start(args: string[] = []) {
    const relay = await startRelayProcess(['--osc-in', '0.0.0.0:0', ...args]);
    relays.push(relay);
    return { relay, port: oscInPort(relay) };
  }
  const send = (text: string) =>
    encodeOsc({
      address: '/crowdstick/send',
      args: [
        { type: 'integer', value: 1 },
        { type: 'string', value: 'text' },
        { type: 'string', value: text },
      ],
    });

  it.skipIf(lanAddress === undefined)(
    lanAddress === undefined
      ? 'refuses a sender other than loopback: SKIPPED, this machine has no non-loopback IPv4 address to send from'
      : `refuses a sender other than loopback (from ${lanAddress}), counting it, and still takes loopback`,
    async () => {
      const from = lanAddress as string;
      const { relay, port } = await start();
      const { phone } = await joinPhone(relay);

      // Sent to the machine's own LAN address, a datagram comes from that address.
      await sendRaw(port, send('from the LAN'), from);
      await sendRaw(port, send('from the LAN again'), from);
      await oscSend(port, '/crowdstick/send', 'iss', '1', 'text', 'from loopback');

      await phone.waitUntil(() => eventsAfterSlot(phone).length === 1);
      const health = await relay.waitForHealth((h) => h.osc.in.received === 3);
      expect(health.osc.in).toEqual({
        received: 3,
        sent: 1,
        malformed: 0,
        malformedBy: {},
        refused: 2,
      });
      expect(eventsAfterSlot(phone)).toEqual([{ event: 'text', data: 'from loopback' }]);
      const refusal = `crowdstick: OSC in refused a packet from ${from} (not an allowed sender); further refusals are only counted\n`;
      await relay.waitForOutput(refusal);
      expect(occurrences(relay, refusal)).toBe(1);
    },
  );

  it.skipIf(lanAddress === undefined)(
    lanAddress === undefined
      ? 'takes a sender named by --installation-from: SKIPPED, this machine has no non-loopback IPv4 address to send from'
      : `takes a sender named by --installation-from (${lanAddress})`,
    async () => {
      const from = lanAddress as string;
      const { relay, port } = await start(['--installation-from', from]);
      expect(relay.output()).toContain(`OSC in: 0.0.0.0:${port}, from loopback and ${from}\n`);
      const { phone } = await joinPhone(relay);
      await sendRaw(port, send('from the LAN'), from);
      expect(await phone.next((m: Received) => m.event === 'text')).toEqual({
        event: 'text',
        data: 'from the LAN',
      });
      expect((await relay.health()).osc.in).toMatchObject({ received: 1, sent: 1, refused: 0 });
    },
  );
});

interface Run {
  code: number | null;
  stderr: string;
  stdout: string;
}

/** Runs `node scripts/start.mjs ...args` to its end (a relay that starts is stopped at once). */
function runCli(args: string[]): Promise<Run> {
  const child = spawn(process.execPath, ['scripts/start.mjs', ...args], { cwd: PACKAGE_ROOT });
  const run: Run = { code: null, stderr: '', stdout: '' };
  child.stderr.on('data', (chunk: Buffer) => (run.stderr += chunk.toString()));
  child.stdout.on('data', (chunk: Buffer) => {
    run.stdout += chunk.toString();
    if (/listening on port/.test(run.stdout)) child.kill('SIGTERM');
  });
  return new Promise((done) => child.on('close', (code) => done({ ...run, code })));
}

/** The last line written to stderr (a build, if one ran first, writes before it). */
const lastLine = (text: string) => text.trimEnd().split('\n').at(-1);

describe('the command line’s OSC options', () => {
  it.each([
    [
      ['--osc', 'localhost'],
      'crowdstick: --osc must be HOST:PORT (e.g. 127.0.0.1:9000 or [::1]:9000), got "localhost"',
    ],
    [['--osc', '127.0.0.1:0'], 'crowdstick: --osc port must be an integer in 1..65535, got "0"'],
    [
      ['--osc', '127.0.0.1:9000', '--osc', '::1:9000'],
      'crowdstick: --osc must be HOST:PORT (e.g. 127.0.0.1:9000 or [::1]:9000), got "::1:9000"',
    ],
    [
      ['--osc-in', 'all'],
      'crowdstick: --osc-in must be PORT or HOST:PORT (e.g. 9001 or 0.0.0.0:9001), got "all"',
    ],
    [
      ['--osc-in', '70000'],
      'crowdstick: --osc-in port must be an integer in 0..65535, got "70000"',
    ],
  ])('exits with code 2 for %j, printing exactly the reason', async (args, message) => {
    const run = await runCli(['--port', '0', '--host', '127.0.0.1', ...args]);
    expect(run.code).toBe(2);
    expect(lastLine(run.stderr)).toBe(message);
    expect(run.stdout).not.toContain('listening');
  });

  it('exits with code 1 when the --osc-in port is taken, saying which', async () => {
    const taken = createSocket('udp4');
    await new Promise<void>((bound) => taken.bind(0, '127.0.0.1', bound));
    try {
      const { port } = taken.address();
      const run = await runCli(['--port', '0', '--host', '127.0.0.1', '--osc-in', String(port)]);
      expect(run.code).toBe(1);
      expect(lastLine(run.stderr)).toBe(
        `crowdstick: --osc-in could not listen on 127.0.0.1:${port} (EADDRINUSE)`,
      );
      expect(run.stdout).not.toContain('listening');
    } finally {
      taken.close();
    }
  });

  it('takes a host name for --osc, prints it as given, and resolves it to IPv4 first', async () => {
    const receiver = await startOscDump();
    const relay = await startRelayProcess(['--osc', `localhost:${receiver.port}`]);
    try {
      expect(relay.output()).toContain(`OSC out: localhost:${receiver.port}\n`);
      const health = await relay.waitForHealth((h) => h.osc.out.targets[0].address !== null);
      expect(health.osc.out.targets[0]).toMatchObject({ host: 'localhost', address: '127.0.0.1' });
      // oscdump listens on IPv4 only: it gets the refresh, so `localhost` did not mean ::1.
      await receiver.waitFor((lines) => lines.some((line) => line.address === '/crowdstick/count'));
    } finally {
      await relay.stop();
      await receiver.stop();
    }
  });
});

describe('the relay’s OSC crowd, as a real process', () => {
  it('sends the room as one 30 times a second by default: count, mean x, y and speed', async () => {
    const dump = await startOscDump();
    const relay = await startRelayProcess(['--osc', `127.0.0.1:${dump.port}`]);
    try {
      const a = await openClient(relay.phoneSocketUrl);
      const b = await openClient(relay.phoneSocketUrl);
      a.send({ type: 'connect', sliderId: 1 });
      b.send({ type: 'connect', sliderId: 2 });
      a.send({ type: 'update', sliderId: 1, x: 1, y: 0, speed: 100, angle: 0 });
      b.send({ type: 'update', sliderId: 2, x: 0, y: 1, speed: 100, angle: 90 });
      const crowd = () =>
        dump.lines().filter((line) => line.address.startsWith('/crowdstick/crowd/'));
      await dump.waitFor(() =>
        crowd().some((line) => line.address === '/crowdstick/crowd/y' && line.values[0] === f(0.5)),
      );
      const last = crowd().slice(-4).map(shown);
      expect(last).toEqual([
        `/crowdstick/crowd/count f ${f(2)}`,
        `/crowdstick/crowd/x f ${f(0.5)}`,
        `/crowdstick/crowd/y f ${f(0.5)}`,
        `/crowdstick/crowd/speed f ${f(100)}`,
      ]);
      await Promise.all([a.close(), b.close()]);
    } finally {
      await relay.stop();
      await dump.stop();
    }
  });
});
