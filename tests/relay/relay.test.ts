import { describe, expect, it } from 'vitest';
import {
  connectMessage,
  deleteMessage,
  sliderMessage,
  updateMessage,
} from '../../src/shared/protocol';
import { relayWith } from '../helpers/relayTest';
import { slotEvent, slotted } from '../helpers/slotted';
import { openClient } from '../helpers/wsClient';

const stick = (x: number) => ({ x, y: -0.25, speed: 56, angle: 333 });
const marker = { event: 'text', data: 'marker' };
const sendTo = (to: number | 'all', event: string, data: unknown) => ({
  type: 'send',
  to,
  event,
  data,
});

const world = relayWith();
const phone = () => world.phoneSocket();
const installation = () => world.installation();

/** Waits until the relay itself reports these counts (a close is seen by both ends at slightly different times). */
const relayCounts = (controllers: number, installations: number) =>
  world.relay.waitForHealth(
    (h) => h.controllers === controllers && h.installations === installations,
  );

describe('the relay, between phones and installations', () => {
  it('passes every valid message to every installation, in order, as canonical JSON', async () => {
    const installations = [await installation(), await installation()];
    const sequence = [
      connectMessage(11),
      updateMessage(11, stick(0.5)),
      sliderMessage(11, 'gain', 0.25),
      updateMessage(11, stick(-1)),
      sliderMessage(11, 'gain', 1),
      deleteMessage(11),
    ];
    const p = await phone();
    for (const message of sequence) p.send(message);
    // The only user, so slot 1.
    const seen = sequence.map((message) => slotted(message, 1));
    for (const i of installations) {
      await i.waitUntil((all) => all.length === sequence.length);
      expect(i.received).toEqual(seen);
      expect(i.texts).toEqual(seen.map((message) => JSON.stringify(message)));
    }
    expect(await p.next()).toEqual(slotEvent(1));
  });

  it('forwards a message rebuilt from its checked fields, without unknown fields', async () => {
    const i = await installation();
    const p = await phone();
    p.send('{"sliderId":12,"type":"connect","note":"hi"}');
    p.send('{"angle":90,"speed":100,"y":1,"x":0,"sliderId":12,"type":"update","extra":[1]}');
    await i.waitUntil((all) => all.length === 2);
    expect(i.texts).toEqual([
      '{"type":"connect","sliderId":12,"slot":1}',
      '{"type":"update","sliderId":12,"slot":1,"x":0,"y":1,"speed":100,"angle":90}',
    ]);
  });

  it('never passes one phone’s messages to another phone', async () => {
    const i = await installation();
    const [a, b] = [await phone(), await phone()];
    a.send(connectMessage(21));
    a.send(updateMessage(21, stick(0.1)));
    await i.next((m) => m.type === 'connect');
    b.send(connectMessage(22));
    b.send(updateMessage(22, stick(0.2)));
    await i.waitUntil((all) => all.length === 4);
    i.send(sendTo(21, 'text', 'marker'));
    i.send(sendTo(22, 'text', 'marker'));
    await a.waitUntil((all) => all.length === 2);
    await b.waitUntil((all) => all.length === 2);
    // Each phone gets its own slot and its own text, and nothing of the other's.
    expect(a.received).toEqual([slotEvent(1), marker]);
    expect(b.received).toEqual([slotEvent(2), marker]);
  });

  it('announces a delete with reason disconnect when a phone’s socket ends without its own delete', async () => {
    const i = await installation();
    const p = await phone();
    p.send(connectMessage(31));
    p.send(updateMessage(31, stick(0.3)));
    await i.next((m) => m.type === 'update');
    await p.close();
    expect(await i.next((m) => m.type === 'delete')).toEqual({
      type: 'delete',
      sliderId: 31,
      slot: 1,
      reason: 'disconnect',
    });
  });

  it('announces no disconnect delete after the phone’s own delete', async () => {
    const i = await installation();
    const p = await phone();
    p.send(connectMessage(32));
    p.send(deleteMessage(32));
    await i.next((m) => m.type === 'delete');
    await p.close();
    await relayCounts(0, 1);
    const later = await phone();
    later.send(connectMessage(33));
    await i.next((m) => m.sliderId === 33);
    // 32 gave its slot back with its delete, so 33 gets slot 1.
    expect(i.received).toEqual([
      slotted(connectMessage(32), 1),
      slotted(deleteMessage(32), 1),
      slotted(connectMessage(33), 1),
    ]);
  });

  it('replays connect, the latest update and each slider’s latest value to a late installation', async () => {
    const early = await installation();
    const a = await phone();
    for (const message of [
      connectMessage(41),
      updateMessage(41, stick(0.1)),
      sliderMessage(41, 'gain', 0.2),
      sliderMessage(41, 'zoom', 0.6),
      updateMessage(41, stick(0.7)),
      sliderMessage(41, 'gain', 0.9),
    ]) {
      a.send(message);
    }
    await early.waitUntil((all) => all.length === 6);
    const b = await phone();
    b.send(connectMessage(42));
    b.send(updateMessage(42, stick(-0.5)));
    await early.waitUntil((all) => all.length === 8);
    const gone = await phone();
    gone.send(connectMessage(43));
    gone.send(deleteMessage(43));
    await early.waitUntil((all) => all.length === 10);

    const late = await installation();
    const replay = [
      slotted(connectMessage(41), 1),
      slotted(updateMessage(41, stick(0.7)), 1),
      slotted(sliderMessage(41, 'zoom', 0.6), 1),
      slotted(sliderMessage(41, 'gain', 0.9), 1),
      slotted(connectMessage(42), 2),
      slotted(updateMessage(42, stick(-0.5)), 2),
    ];
    await late.waitUntil((all) => all.length === replay.length);
    b.send(updateMessage(42, stick(0)));
    await late.next((m) => m.type === 'update' && m.x === 0);
    expect(late.received).toEqual([...replay, slotted(updateMessage(42, stick(0)), 2)]);
  });

  it('delivers a targeted send to that phone only', async () => {
    const i = await installation();
    const [a, b] = [await phone(), await phone()];
    a.send(connectMessage(51));
    await i.next((m) => m.type === 'connect');
    b.send(connectMessage(52));
    await i.waitUntil((all) => all.length === 2);
    i.send(sendTo(51, 'color', '#ff8800'));
    i.send(sendTo('all', 'text', 'marker'));
    await b.waitUntil((all) => all.length === 2);
    expect(b.received).toEqual([slotEvent(2), marker]);
    await a.waitUntil((all) => all.length === 3);
    expect(a.received).toEqual([slotEvent(1), { event: 'color', data: '#ff8800' }, marker]);
  });

  it('delivers a send to all to every phone, connected or not yet', async () => {
    const i = await installation();
    const [a, b] = [await phone(), await phone()];
    a.send(connectMessage(53));
    await i.next();
    i.send(sendTo('all', 'vibrate', [100, 50, 100]));
    for (const p of [a, b])
      expect(await p.next((m) => m.event !== 'slot')).toEqual({
        event: 'vibrate',
        data: [100, 50, 100],
      });
    // Only the phone that connected was told a slot, and before the vibrate.
    expect(a.received).toEqual([slotEvent(1), { event: 'vibrate', data: [100, 50, 100] }]);
    expect(b.received).toEqual([{ event: 'vibrate', data: [100, 50, 100] }]);
  });

  it('drops bad JSON, wrong types, wrong ids and binary frames, and still passes the next valid message', async () => {
    const i = await installation();
    const p = await phone();
    p.send(connectMessage(61));
    p.send('not json');
    p.send('{"type":"update","sliderId":61,"x":"0.5","y":0,"speed":0,"angle":0}');
    p.sendBinary(new Uint8Array([123, 125]));
    p.send('{"type":"slider","sliderId":61,"name":"gain","value":2}');
    p.send('{"type":"warp","sliderId":61}');
    p.send(updateMessage(62, stick(0.4)));
    p.send('pong');
    p.send(updateMessage(61, stick(0.6)));
    await i.next((m) => m.type === 'update');
    expect(i.received).toEqual([
      slotted(connectMessage(61), 1),
      slotted(updateMessage(61, stick(0.6)), 1),
    ]);
    await world.relay.waitForOutput(
      'crowdstick: dropped a frame from a controller (binary); further drops of this kind are only counted',
    );
  });

  it('hands a user id to a newer socket, closing the older one with 4000 and no delete', async () => {
    const i = await installation();
    const old = await phone();
    old.send(connectMessage(71));
    await i.next();
    const newer = await phone();
    newer.send(connectMessage(71));
    expect(await old.closed).toEqual({ code: 4000, reason: 'replaced' });
    await relayCounts(1, 1);
    newer.send(updateMessage(71, stick(0.2)));
    await i.next((m) => m.type === 'update');
    // The user never left, so they keep their slot on the newer socket.
    expect(i.received).toEqual([
      slotted(connectMessage(71), 1),
      slotted(connectMessage(71), 1),
      slotted(updateMessage(71, stick(0.2)), 1),
    ]);
    expect(newer.received).toEqual([slotEvent(1)]);
  });

  it('closes a phone that sends a frame over 8 KiB with 1009', async () => {
    const p = await phone();
    p.send(JSON.stringify({ type: 'connect', sliderId: 81, padding: 'x'.repeat(8 * 1024) }));
    expect((await p.closed).code).toBe(1009);
  });

  it('refuses a WebSocket upgrade on an unknown path with 404', async () => {
    for (const path of ['/nope', '/ws/', '/healthz']) {
      await expect(openClient(`ws://127.0.0.1:${world.relay.port}${path}`)).rejects.toThrow(
        'Unexpected server response: 404',
      );
    }
  });

  it('closes every socket with 1001 when the relay stops', async () => {
    const [p, i] = [await phone(), await installation()];
    await world.relay.stop();
    expect(await p.closed).toEqual({ code: 1001, reason: 'relay shutting down' });
    expect(await i.closed).toEqual({ code: 1001, reason: 'relay shutting down' });
    expect(world.relay.output()).toContain('Crowdstick relay stopping (SIGTERM)');
  });
});
