import { createSocket, type Socket } from 'node:dgram';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PresentUser, SlottedEvent } from '../../../server/outputs/osc/events';
import { networkInterfaces } from 'node:os';
import { MAX_DATAGRAM_BYTES } from '../../../server/outputs/osc/oscAddresses';
import { LOOPBACK_DATAGRAM_BYTES } from '../../../server/outputs/osc/datagramSize';
import { decodePacket } from '../../../server/outputs/osc/oscDecode';
import {
  GATHER_MS,
  REFRESH_SLICE_BYTES,
  createOscOutput,
  type OscOutput,
} from '../../../server/outputs/osc/oscOutput';
import { eventually, freeUdpPort, startOscDump, type DumpLine, type OscDump } from './liblo';

/** This machine's first IPv4 address on a network, for a target that is not loopback. */
const lanAddress = Object.values(networkInterfaces())
  .flat()
  .find((info) => info?.family === 'IPv4' && !info.internal)?.address;

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

async function dump(port?: number): Promise<OscDump> {
  const started = await startOscDump(port);
  cleanups.push(() => started.stop());
  return started;
}

function output(
  targets: { host: string; port: number }[],
  options: { present?: () => PresentUser[]; refreshMs?: number } = {},
) {
  const warnings: string[] = [];
  const created: OscOutput = createOscOutput(targets, {
    present: options.present ?? (() => []),
    warn: (line) => warnings.push(line),
    // Long unless asked for, so that no refresh runs between the events.
    refreshMs: options.refreshMs ?? 60_000,
  });
  cleanups.push(() => created.close());
  return { output: created, warnings };
}

/** A line as `address types value...`, numbers compared as oscdump prints them (`%f`). */
const shown = (line: DumpLine) => `${line.address} ${line.types} ${line.values.join(' ')}`;
const float = (value: number) => Math.fround(value).toFixed(6);

const events: SlottedEvent[] = [
  { type: 'connect', sliderId: 2147483647, slot: 3 },
  { type: 'update', sliderId: 2147483647, slot: 3, x: 0.123, y: -1, speed: 100, angle: 359 },
  { type: 'slider', sliderId: 2147483647, slot: 3, name: 'zoom', value: 0.5 },
  { type: 'button', sliderId: 2147483647, slot: 3, name: 'fire', pressed: true },
  { type: 'button', sliderId: 2147483647, slot: 3, name: 'fire', pressed: false },
  { type: 'delete', sliderId: 2147483647, slot: 3, reason: 'disconnect' },
];

const expectedLines = [
  '/crowdstick/connect ii 3 2147483647',
  `/crowdstick/3/active f ${float(1)}`,
  `/crowdstick/count f ${float(1)}`,
  `/crowdstick/3/x f ${float(0.123)}`,
  `/crowdstick/3/y f ${float(-1)}`,
  `/crowdstick/3/speed f ${float(100)}`,
  `/crowdstick/3/angle f ${float(359)}`,
  `/crowdstick/3/slider/zoom f ${float(0.5)}`,
  `/crowdstick/3/button/fire f ${float(1)}`,
  `/crowdstick/3/button/fire f ${float(0)}`,
  '/crowdstick/delete ii 3 2147483647',
  `/crowdstick/3/active f ${float(0)}`,
  `/crowdstick/count f ${float(0)}`,
];

/** Publishes one at a time, each once the receiver printed the one before, so the order is kept. */
async function publishInOrder(out: OscOutput, receiver: OscDump, list: SlottedEvent[]) {
  const sizes = [3, 4, 1, 1, 1, 3];
  let expected = receiver.lines().length;
  for (const [index, event] of list.entries()) {
    out.publish(event);
    expected += sizes[index] ?? 1;
    await receiver.waitFor((lines) => lines.length >= expected);
  }
}

describe('createOscOutput, received by oscdump', () => {
  it('sends every kind of event as the contract has it, one bundle each', async () => {
    const receiver = await dump();
    const { output: out, warnings } = output([{ host: '127.0.0.1', port: receiver.port }]);
    await publishInOrder(out, receiver, events);
    const lines = receiver.lines();
    expect(lines.map(shown)).toEqual(expectedLines);

    // A bundle's messages share liblo's time tag: connect, active and count; the four stick values.
    const tags = lines.map((line) => line.timetag);
    expect(new Set(tags.slice(0, 3)).size).toBe(1);
    expect(new Set(tags.slice(3, 7)).size).toBe(1);
    expect(new Set(tags.slice(10, 13)).size).toBe(1);

    expect(out.stats().targets).toEqual([
      {
        host: '127.0.0.1',
        port: receiver.port,
        address: '127.0.0.1',
        datagrams: 6,
        bundles: 6,
        messages: 13,
        errors: {},
      },
    ]);
    expect(warnings).toEqual([]);
  });

  it('resolves a host name once, IPv4 first, and sends every target the same', async () => {
    const [first, second] = [await dump(), await dump()];
    const { output: out } = output([
      { host: 'localhost', port: first.port },
      { host: '127.0.0.1', port: second.port },
    ]);
    await eventually(
      () => out.stats().targets.every((target) => target.address === '127.0.0.1'),
      () => JSON.stringify(out.stats()),
    );
    await publishInOrder(out, first, events);
    await second.waitFor((lines) => lines.length === expectedLines.length);
    expect(first.lines().map(shown)).toEqual(expectedLines);
    expect(second.lines().map(shown)).toEqual(expectedLines);
  });

  it('refreshes the count and every present user, so a receiver that starts late catches up', async () => {
    const port = await freeUdpPort();
    const present: PresentUser[] = [
      {
        sliderId: 11,
        slot: 1,
        stick: { x: -0.5, y: 0.25, speed: 56, angle: 153 },
        sliders: new Map([['zoom', 0.75]]),
        buttons: new Map([['fire', true]]),
      },
      { sliderId: 22, slot: 2, stick: null, sliders: new Map(), buttons: new Map() },
    ];
    const { output: out } = output([{ host: '127.0.0.1', port }], {
      present: () => present,
      refreshMs: 100,
    });
    out.publish({ type: 'connect', sliderId: 11, slot: 1 });
    out.publish({ type: 'connect', sliderId: 22, slot: 2 });
    // Both connects gone, to nobody, before the receiver starts.
    await eventually(
      () => (out.stats().targets[0]?.bundles ?? 0) >= 2,
      () => JSON.stringify(out.stats()),
    );

    const receiver = await dump(port);
    const refresh = [
      `/crowdstick/count f ${float(2)}`,
      `/crowdstick/1/active f ${float(1)}`,
      `/crowdstick/1/x f ${float(-0.5)}`,
      `/crowdstick/1/y f ${float(0.25)}`,
      `/crowdstick/1/speed f ${float(56)}`,
      `/crowdstick/1/angle f ${float(153)}`,
      `/crowdstick/1/slider/zoom f ${float(0.75)}`,
      `/crowdstick/1/button/fire f ${float(1)}`,
      `/crowdstick/2/active f ${float(1)}`,
    ];
    const lines = await receiver.waitFor((now) => now.length >= refresh.length * 2);
    expect(lines.slice(0, refresh.length).map(shown)).toEqual(refresh);
    expect(lines.slice(refresh.length, refresh.length * 2).map(shown)).toEqual(refresh);
    expect(out.stats().refreshes).toBeGreaterThanOrEqual(2);
  });

  it('counts a target that is down and one that cannot be resolved, logs each once, and the other gets everything', async () => {
    const receiver = await dump();
    const downPort = await freeUdpPort();
    const { output: out, warnings } = output(
      [
        { host: '127.0.0.1', port: downPort },
        { host: 'nonexistent.invalid', port: 9000 },
        { host: '127.0.0.1', port: receiver.port },
      ],
      { refreshMs: 50 },
    );
    const updates = 40;
    for (let n = 0; n < updates; n++) {
      out.publish({ type: 'update', sliderId: 5, slot: 1, x: n / 100, y: 0, speed: n, angle: 0 });
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const stickLines = () =>
      receiver.lines().filter((line) => line.address !== '/crowdstick/count');
    await receiver.waitFor(() => stickLines().length === updates * 4);
    expect(
      stickLines()
        .filter((line) => line.address === '/crowdstick/1/speed')
        .map((line) => Number(line.values[0])),
    ).toEqual(Array.from({ length: updates }, (_, n) => n));

    await eventually(
      () => {
        const [down, unresolvable] = out.stats().targets;
        return (
          (down?.errors.refused ?? 0) >= 2 &&
          (unresolvable?.errors.unresolvable ?? 0) >= 2 &&
          (unresolvable?.errors['not-ready'] ?? 0) >= updates
        );
      },
      () => JSON.stringify(out.stats()),
    );
    const [down, unresolvable, live] = out.stats().targets;
    expect(down).toMatchObject({ address: '127.0.0.1', bundles: expect.any(Number) });
    expect(unresolvable).toMatchObject({ address: null, bundles: 0, messages: 0 });
    expect(unresolvable?.errors['not-ready']).toBeGreaterThanOrEqual(updates);
    expect(live?.errors).toEqual({});
    expect(live?.bundles).toBeGreaterThanOrEqual(updates);

    expect(warnings).toHaveLength(2);
    expect(warnings).toContain(
      `crowdstick: OSC target 127.0.0.1:${downPort}: the port is unreachable (nothing listening there?) (ECONNREFUSED); further errors of this kind are only counted`,
    );
    expect(warnings).toContain(
      'crowdstick: OSC target nonexistent.invalid:9000: could not resolve the host name; retrying on every refresh (ENOTFOUND); further errors of this kind are only counted',
    );
  });

  it('starts sending to a receiver that comes up after being down', async () => {
    const port = await freeUdpPort();
    const { output: out } = output([{ host: '127.0.0.1', port }]);
    const update: SlottedEvent = {
      type: 'update',
      sliderId: 5,
      slot: 1,
      x: 0,
      y: 0,
      speed: 1,
      angle: 0,
    };
    await eventually(
      () => {
        out.publish(update);
        return (out.stats().targets[0]?.errors.refused ?? 0) > 0;
      },
      () => JSON.stringify(out.stats()),
    );
    const receiver = await dump(port);
    out.publish({ ...update, speed: 77 });
    const speed77 = `/crowdstick/1/speed f ${float(77)}`;
    const lines = await receiver.waitFor((now) => now.map(shown).at(-2) === speed77);
    // An update sent while it was down may still arrive first (held while reconnecting),
    // but the new one comes last, whole.
    expect(lines.map(shown).slice(-4)).toEqual([
      `/crowdstick/1/x f ${float(0)}`,
      `/crowdstick/1/y f ${float(0)}`,
      speed77,
      `/crowdstick/1/angle f ${float(0)}`,
    ]);
  });
});

describe('createOscOutput, received by a UDP socket', () => {
  async function listen(host: string): Promise<{ socket: Socket; datagrams: Buffer[] }> {
    const socket = createSocket(host.includes(':') ? 'udp6' : 'udp4');
    const datagrams: Buffer[] = [];
    socket.on('message', (datagram) => datagrams.push(datagram));
    await new Promise<void>((resolve) => socket.bind(0, host, resolve));
    // Room for a whole refresh even while the test process is busy elsewhere.
    socket.setRecvBufferSize(1024 * 1024);
    cleanups.push(() => new Promise<void>((resolve) => socket.close(() => resolve())));
    return { socket, datagrams };
  }

  it('sends to an IPv6 target', async () => {
    const { socket, datagrams } = await listen('::1');
    const { output: out } = output([{ host: '::1', port: socket.address().port }]);
    await eventually(
      () => out.stats().targets[0]?.address === '::1',
      () => JSON.stringify(out.stats()),
    );
    out.publish({ type: 'connect', sliderId: 8, slot: 4 });
    await eventually(
      () => datagrams.length === 1,
      () => `${datagrams.length} datagrams`,
    );
    const { messages } = decodePacket(datagrams[0] ?? Buffer.alloc(0));
    expect(messages.map((message) => message.address)).toEqual([
      '/crowdstick/connect',
      '/crowdstick/4/active',
      '/crowdstick/count',
    ]);
  });

  /** 200 users, each with a stick, two sliders and a button: a refresh of many datagrams. */
  const bigCrowd = () =>
    Array.from({ length: 200 }, (_, index) => ({
      sliderId: index + 1,
      slot: index + 1,
      stick: { x: 0.1, y: 0.2, speed: 22, angle: 63 },
      sliders: new Map([
        ['zoom', 0.5],
        ['hue', 0.25],
      ]),
      buttons: new Map([['fire', false]]),
    }));

  /** The datagrams of the first refresh a target got, once they have all arrived. */
  async function firstRefresh(out: OscOutput, target: number, datagrams: Buffer[]) {
    await eventually(
      () => out.stats().refreshes >= 1,
      () => JSON.stringify(out.stats()),
    );
    const sent = out.stats().targets[target]?.datagrams ?? 0;
    await eventually(
      () => datagrams.length >= sent,
      () => `${datagrams.length} of ${sent} datagrams`,
    );
    return datagrams.slice(0, sent);
  }

  /** The whole state of `bigCrowd()`, in order, across a refresh's datagrams. */
  function expectWholeCrowd(refresh: Buffer[]) {
    const messages = refresh.flatMap((datagram) => decodePacket(datagram).messages);
    expect(messages).toHaveLength(1 + 200 * 8);
    expect(messages[0]).toMatchObject({ address: '/crowdstick/count', args: [{ value: 200 }] });
    expect(
      messages.filter((message) => message.address.endsWith('/active')).map((m) => m.address),
    ).toEqual(Array.from({ length: 200 }, (_, index) => `/crowdstick/${index + 1}/active`));
  }

  it('sends a big crowd’s refresh in full to a loopback target, in datagrams of at most 4,096 bytes, a slice at a time', async () => {
    const { socket, datagrams } = await listen('127.0.0.1');
    const { output: out } = output([{ host: '127.0.0.1', port: socket.address().port }], {
      present: bigCrowd,
      refreshMs: 200,
    });
    const refresh = await firstRefresh(out, 0, datagrams);
    expect(refresh.every((datagram) => datagram.length <= LOOPBACK_DATAGRAM_BYTES)).toBe(true);
    // Fuller than a network target's would be.
    expect(refresh.some((datagram) => datagram.length > MAX_DATAGRAM_BYTES)).toBe(true);
    expectWholeCrowd(refresh);
    // More than one slice's bytes, so the refresh was sent a slice at a time.
    const bytes = refresh.reduce((sum, datagram) => sum + datagram.length, 0);
    expect(bytes).toBeGreaterThan(REFRESH_SLICE_BYTES);
  });

  it('keeps the count from connects and deletes, and sets it right from present() on each refresh', async () => {
    const { socket, datagrams } = await listen('127.0.0.1');
    const one: PresentUser = {
      sliderId: 1,
      slot: 1,
      stick: null,
      sliders: new Map(),
      buttons: new Map(),
    };
    const { output: out } = output([{ host: '127.0.0.1', port: socket.address().port }], {
      present: () => [one],
      refreshMs: 50,
    });
    const countIn = (datagram: Buffer | undefined) =>
      decodePacket(datagram ?? Buffer.alloc(0)).messages.find(
        (message) => message.address === '/crowdstick/count',
      )?.args[0]?.value;
    const countsIn = (datagram: Buffer) =>
      decodePacket(datagram)
        .messages.filter((message) => message.address === '/crowdstick/count')
        .map((message) => message.args[0]?.value);
    out.publish({ type: 'connect', sliderId: 2, slot: 2 });
    out.publish({ type: 'connect', sliderId: 3, slot: 3 });
    out.publish({ type: 'connect', sliderId: 3, slot: 3 });
    await eventually(
      () => datagrams.length >= 1,
      () => `${datagrams.length} datagrams`,
    );
    // Published together, the three go in one datagram, in order.
    expect(countsIn(datagrams[0]!)).toEqual([1, 2, 2]);
    await eventually(
      () => out.stats().refreshes >= 1,
      () => JSON.stringify(out.stats()),
    );
    out.publish({ type: 'delete', sliderId: 1, slot: 1 });
    const isDelete = (datagram: Buffer) =>
      decodePacket(datagram).messages[0]?.address === '/crowdstick/delete';
    await eventually(
      () => datagrams.some(isDelete),
      () => `${datagrams.length} datagrams`,
    );
    const deleted = datagrams.find(isDelete);
    expect(countIn(deleted)).toBe(0);
  });

  /** Publishes 60 updates of 4 messages in one go, and waits until the datagrams hold them all. */
  async function sixtyUpdates(out: OscOutput, datagrams: Buffer[]) {
    for (let slot = 1; slot <= 60; slot += 1) {
      out.publish({ type: 'update', sliderId: slot, slot, x: 0.5, y: 0.25, speed: 56, angle: 27 });
    }
    await eventually(
      () => datagrams.reduce((sum, d) => sum + decodePacket(d).messages.length, 0) >= 240,
      () => `${datagrams.length} datagrams`,
    );
  }

  /** Each datagram an outer bundle whose first element is a bundle, and every slot once, in order. */
  function expectNestedInOrder(datagrams: Buffer[], maxBytes: number) {
    for (const datagram of datagrams) {
      expect(datagram.length).toBeLessThanOrEqual(maxBytes);
      expect(datagram.subarray(0, 8).toString('latin1')).toBe('#bundle\0');
      expect(datagram.subarray(20, 28).toString('latin1')).toBe('#bundle\0');
    }
    const slots = datagrams.flatMap((d) =>
      decodePacket(d)
        .messages.filter((m) => m.address.endsWith('/x'))
        .map((m) => Number(m.address.split('/')[2])),
    );
    expect(slots).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
  }

  it('sends the events of a moment in one datagram, each its own bundle in an outer bundle, and a lone event as it is', async () => {
    const { socket, datagrams } = await listen('127.0.0.1');
    const { output: out } = output([{ host: '127.0.0.1', port: socket.address().port }]);
    // 60 updates of 4 messages: more than one loopback datagram holds.
    await sixtyUpdates(out, datagrams);
    expect(datagrams.length).toBeGreaterThan(1);
    expect(datagrams.length).toBeLessThan(60);
    expectNestedInOrder(datagrams, LOOPBACK_DATAGRAM_BYTES);
    const stats = out.stats().targets[0]!;
    expect(stats).toMatchObject({ bundles: 60, messages: 240, datagrams: datagrams.length });

    // One event alone in its moment goes as its own bundle, not wrapped.
    const before = datagrams.length;
    out.publish({ type: 'update', sliderId: 7, slot: 7, x: 0.5, y: 0.25, speed: 56, angle: 27 });
    await eventually(
      () => datagrams.length > before,
      () => `${datagrams.length} datagrams`,
    );
    const lone = datagrams.at(-1)!;
    expect(decodePacket(lone).messages.map((m) => m.address)).toEqual([
      '/crowdstick/7/x',
      '/crowdstick/7/y',
      '/crowdstick/7/speed',
      '/crowdstick/7/angle',
    ]);
    expect(lone.subarray(20, 28).toString('latin1')).not.toBe('#bundle\0');
  });

  it.skipIf(lanAddress === undefined)(
    'packs datagrams of at most 1,200 bytes for a target on the network, beside fuller ones for loopback',
    async () => {
      const near = await listen('127.0.0.1');
      const far = await listen(lanAddress!);
      const { output: out } = output([
        { host: '127.0.0.1', port: near.socket.address().port },
        { host: lanAddress!, port: far.socket.address().port },
      ]);
      await sixtyUpdates(out, far.datagrams);
      await eventually(
        () => near.datagrams.reduce((sum, d) => sum + decodePacket(d).messages.length, 0) >= 240,
        () => `${near.datagrams.length} datagrams`,
      );
      expectNestedInOrder(far.datagrams, MAX_DATAGRAM_BYTES);
      expectNestedInOrder(near.datagrams, LOOPBACK_DATAGRAM_BYTES);
      expect(near.datagrams.length).toBeLessThan(far.datagrams.length);
    },
  );

  it.skipIf(lanAddress === undefined)(
    'sends the refresh in datagrams of at most 1,200 bytes to a target on the network, beside fuller ones for loopback',
    async () => {
      const near = await listen('127.0.0.1');
      const far = await listen(lanAddress!);
      const { output: out } = output(
        [
          { host: '127.0.0.1', port: near.socket.address().port },
          { host: lanAddress!, port: far.socket.address().port },
        ],
        { present: bigCrowd, refreshMs: 200 },
      );
      const farRefresh = await firstRefresh(out, 1, far.datagrams);
      const nearRefresh = await firstRefresh(out, 0, near.datagrams);
      expect(farRefresh.every((datagram) => datagram.length <= MAX_DATAGRAM_BYTES)).toBe(true);
      expectWholeCrowd(farRefresh);
      expectWholeCrowd(nearRefresh);
      expect(nearRefresh.length).toBeLessThan(farRefresh.length);
    },
  );

  it('gives the datagram opened after a full one went its own GATHER_MS, so it fills too', async () => {
    const { socket, datagrams } = await listen('127.0.0.1');
    const { output: out } = output([{ host: '127.0.0.1', port: socket.address().port }]);
    await eventually(
      () => out.stats().targets[0]?.address !== null,
      () => JSON.stringify(out.stats()),
    );
    const publish = (from: number, to: number) => {
      for (let slot = from; slot <= to; slot += 1) {
        out.publish({
          type: 'update',
          sliderId: slot,
          slot,
          x: 0.5,
          y: 0.25,
          speed: 56,
          angle: 27,
        });
      }
    };
    // The gathering's clock and timers, on the test's time; the sockets stay real.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    try {
      expect(GATHER_MS).toBe(2);
      publish(1, 20);
      vi.advanceTimersByTime(1);
      // 27 of these updates fill a loopback datagram: it goes, full, and 28 to 30 open the next.
      publish(21, 30);
      vi.advanceTimersByTime(1);
      // 2 ms after the first update, the second datagram has waited 1 ms only: it takes more.
      publish(31, 40);
      vi.advanceTimersByTime(1);
    } finally {
      vi.useRealTimers();
    }
    await eventually(
      () => datagrams.reduce((sum, d) => sum + decodePacket(d).messages.length, 0) >= 160,
      () => `${datagrams.length} datagrams`,
    );
    // Had the second datagram gone at 2 ms, 31 to 40 would have been a third.
    expect(datagrams.map((d) => decodePacket(d).messages.length / 4)).toEqual([27, 13]);
  });

  it('holds an event up to GATHER_MS for the next turns of the event loop to share its datagram', async () => {
    const { socket, datagrams } = await listen('127.0.0.1');
    const { output: out } = output([{ host: '127.0.0.1', port: socket.address().port }]);
    await eventually(
      () => out.stats().targets[0]?.address !== null,
      () => JSON.stringify(out.stats()),
    );
    out.publish({ type: 'connect', sliderId: 1, slot: 1 });
    await new Promise((next) => setImmediate(next));
    out.publish({ type: 'connect', sliderId: 2, slot: 2 });
    await eventually(
      () => datagrams.length >= 1,
      () => `${datagrams.length} datagrams`,
    );
    expect(GATHER_MS).toBeLessThanOrEqual(5);
    expect(decodePacket(datagrams[0]!).messages.map((m) => m.address)).toEqual([
      '/crowdstick/connect',
      '/crowdstick/1/active',
      '/crowdstick/count',
      '/crowdstick/connect',
      '/crowdstick/2/active',
      '/crowdstick/count',
    ]);
  });

  it('counts an event it cannot encode, logs it once, and goes on', async () => {
    const { socket, datagrams } = await listen('127.0.0.1');
    const { output: out, warnings } = output([{ host: '127.0.0.1', port: socket.address().port }]);
    await eventually(
      () => out.stats().targets[0]?.address !== null,
      () => JSON.stringify(out.stats()),
    );
    out.publish({ type: 'connect', sliderId: 2 ** 40, slot: 1 });
    out.publish({ type: 'connect', sliderId: 2 ** 40, slot: 1 });
    out.publish({ type: 'slider', sliderId: 1, slot: 1, name: 'zoom', value: 0.5 });
    await eventually(
      () => datagrams.length === 1,
      () => `${datagrams.length} datagrams`,
    );
    expect(out.stats().unencodable).toBe(2);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^crowdstick: OSC output could not encode a connect event \(/);
  });

  it('sends nothing after close, and close can be called twice', async () => {
    const { socket, datagrams } = await listen('127.0.0.1');
    const { output: out } = output([{ host: '127.0.0.1', port: socket.address().port }], {
      refreshMs: 20,
    });
    await out.close();
    await out.close();
    out.publish({ type: 'connect', sliderId: 1, slot: 1 });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(datagrams).toEqual([]);
  });
});
