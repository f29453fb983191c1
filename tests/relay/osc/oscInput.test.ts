import { createSocket } from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { createOscInput, type OscInput } from '../../../server/outputs/osc/oscInput';
import { encodeOsc, eventually, oscSend, sendRaw } from './liblo';

interface Sent {
  to: { slot: number } | 'all';
  event: string;
  data: unknown;
}

const opened: OscInput[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((input) => input.close()));
});

async function input(
  options: { allowed?: (address: string) => boolean; host?: string; onSend?: () => void } = {},
) {
  const sent: Sent[] = [];
  const warnings: string[] = [];
  const from: string[] = [];
  const created = await createOscInput({
    host: options.host ?? '127.0.0.1',
    port: 0,
    allowed: (address) => {
      from.push(address);
      return options.allowed?.(address) ?? true;
    },
    onSend: (to, event, data) => {
      options.onSend?.();
      sent.push({ to, event, data });
    },
    warn: (line) => warnings.push(line),
  });
  opened.push(created);
  const received = (count: number) =>
    eventually(
      () => created.stats().received >= count,
      () => JSON.stringify(created.stats()),
    );
  return { input: created, sent, warnings, from, received };
}

describe('createOscInput, sent to by oscsend', () => {
  it('listens on a port of its own for port 0, on loopback', async () => {
    const { input: osc, from, received } = await input();
    expect(osc.port).toBeGreaterThan(0);
    await oscSend(osc.port, '/crowdstick/send', 'isi', '1', 'vibrate', '200');
    await received(1);
    expect(from).toEqual(['127.0.0.1']);
  });

  it('passes on a send for each kind of target and data argument', async () => {
    const { input: osc, sent, warnings, received } = await input();
    const sends: [string, ...string[]][] = [
      ['iss', '3', 'text', 'hello'],
      ['sss', 'all', 'color', '#ff0000'],
      ['isi', '2', 'vibrate', '200'],
      ['isf', '1', 'x', '0.25'],
      ['isf', '1', 'x', '0.1'],
      ['iss', '1', 'vibrate', '[200,100,200]'],
      ['sss', 'all', 'layout', '{"sliders":[{"name":"zoom"}]}'],
      ['iss', '4', 'text', '42'],
      ['iss', '4', 'text', '"42"'],
      ['iss', '4', 'text', 'not {json'],
    ];
    for (const [types, ...values] of sends)
      await oscSend(osc.port, '/crowdstick/send', types, ...values);
    await received(sends.length);
    expect(sent).toEqual([
      { to: { slot: 3 }, event: 'text', data: 'hello' },
      { to: 'all', event: 'color', data: '#ff0000' },
      { to: { slot: 2 }, event: 'vibrate', data: 200 },
      { to: { slot: 1 }, event: 'x', data: 0.25 },
      { to: { slot: 1 }, event: 'x', data: 0.1 },
      { to: { slot: 1 }, event: 'vibrate', data: [200, 100, 200] },
      { to: 'all', event: 'layout', data: { sliders: [{ name: 'zoom' }] } },
      { to: { slot: 4 }, event: 'text', data: 42 },
      { to: { slot: 4 }, event: 'text', data: '42' },
      { to: { slot: 4 }, event: 'text', data: 'not {json' },
    ]);
    expect(osc.stats()).toEqual({
      received: sends.length,
      sent: sends.length,
      malformed: 0,
      malformedBy: {},
      refused: 0,
    });
    expect(warnings).toEqual([]);
  });

  it('counts malformed packets by kind, logs the first of each, and drops them', async () => {
    const { input: osc, sent, warnings, received } = await input();
    await sendRaw(osc.port, Buffer.from('definitely not OSC'));
    await sendRaw(osc.port, Buffer.from('definitely not OSC, again'));
    await oscSend(osc.port, '/crowdstick/other', 'iss', '3', 'text', 'hi');
    await oscSend(osc.port, '/crowdstick/send', 'fss', '3.0', 'text', 'hi');
    await oscSend(osc.port, '/crowdstick/send', 'isT', '3', 'text');
    await oscSend(osc.port, '/crowdstick/send', 'is', '3', 'text');
    await oscSend(osc.port, '/crowdstick/send', 'isss', '3', 'text', 'hi', 'more');
    await oscSend(osc.port, '/crowdstick/send', 'iss', '0', 'text', 'hi');
    await oscSend(osc.port, '/crowdstick/send', 'sss', 'everyone', 'text', 'hi');
    await oscSend(osc.port, '/crowdstick/send', 'iss', '3', 'e'.repeat(65), 'hi');
    await oscSend(osc.port, '/crowdstick/send', 'iss', '3', 'text', 'still fine');
    await received(11);
    expect(sent).toEqual([{ to: { slot: 3 }, event: 'text', data: 'still fine' }]);
    expect(osc.stats()).toEqual({
      received: 11,
      sent: 1,
      malformed: 10,
      malformedBy: {
        'not-osc': 2,
        'wrong-address': 1,
        'wrong-types': 2,
        'missing-args': 1,
        'extra-args': 1,
        'bad-target': 2,
        'bad-event': 1,
      },
      refused: 0,
    });
    expect(warnings).toEqual(
      [
        'not-osc',
        'wrong-address',
        'wrong-types',
        'missing-args',
        'extra-args',
        'bad-target',
        'bad-event',
      ].map(
        (kind) =>
          `crowdstick: OSC in dropped a packet from 127.0.0.1 (${kind}); further drops of this kind are only counted`,
      ),
    );
  });

  it('refuses packets from senders it is told to refuse, counting them', async () => {
    const { input: osc, sent, warnings, received } = await input({ allowed: () => false });
    await oscSend(osc.port, '/crowdstick/send', 'iss', '3', 'text', 'hi');
    await oscSend(osc.port, '/crowdstick/send', 'iss', '3', 'text', 'hi');
    await received(2);
    expect(sent).toEqual([]);
    expect(osc.stats()).toMatchObject({ received: 2, refused: 2, malformed: 0, sent: 0 });
    expect(warnings).toEqual([
      'crowdstick: OSC in refused a packet from 127.0.0.1 (not an allowed sender); further refusals are only counted',
    ]);
  });
});

describe('createOscInput, sent bundles and raw datagrams', () => {
  const send = (target: number | string, data: string) => ({
    address: '/crowdstick/send',
    args: [
      typeof target === 'number' ? { type: 'integer' as const, value: target } : target,
      'text',
      data,
    ],
  });

  it('passes on every send of a bundle, and counts the bundle’s bad messages', async () => {
    const { input: osc, sent, received } = await input();
    await sendRaw(
      osc.port,
      encodeOsc({
        timetag: [0, 1],
        elements: [send(1, 'one'), { address: '/nope', args: [] }, send('all', 'two')],
      }),
    );
    await received(1);
    expect(sent).toEqual([
      { to: { slot: 1 }, event: 'text', data: 'one' },
      { to: 'all', event: 'text', data: 'two' },
    ]);
    expect(osc.stats()).toMatchObject({ received: 1, sent: 2, malformed: 1 });
  });

  it('listens on IPv6 when given an IPv6 host', async () => {
    const { input: osc, sent, from, received } = await input({ host: '::1' });
    await sendRaw(osc.port, encodeOsc(send(5, 'v6')), '::1');
    await received(1);
    expect(from).toEqual(['::1']);
    expect(sent).toEqual([{ to: { slot: 5 }, event: 'text', data: 'v6' }]);
  });

  it('survives an onSend that throws, logging it once', async () => {
    const {
      input: osc,
      warnings,
      received,
    } = await input({
      onSend: () => {
        throw new Error('boom');
      },
    });
    await sendRaw(osc.port, encodeOsc(send(1, 'a')));
    await sendRaw(osc.port, encodeOsc(send(1, 'b')));
    await received(2);
    expect(osc.stats()).toMatchObject({ received: 2, sent: 0 });
    expect(warnings).toEqual([
      'crowdstick: OSC in could not pass a send on (boom); further failures are only logged once',
    ]);
  });

  it('rejects with the line to print when the port is taken', async () => {
    const taken = createSocket('udp4');
    await new Promise<void>((resolve) => taken.bind(0, '127.0.0.1', resolve));
    const { port } = taken.address();
    try {
      await expect(
        createOscInput({
          host: '127.0.0.1',
          port,
          allowed: () => true,
          onSend: () => undefined,
          warn: () => undefined,
        }),
      ).rejects.toThrow(
        new Error(`crowdstick: --osc-in could not listen on 127.0.0.1:${port} (EADDRINUSE)`),
      );
    } finally {
      taken.close();
    }
  });

  it('closes, and close can be called twice', async () => {
    const { input: osc } = await input();
    await osc.close();
    await osc.close();
  });
});
