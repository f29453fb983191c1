import { describe, expect, it } from 'vitest';
import { BAD_BATCH_CLOSE_CODE } from '../../../src/shared/protocol';
import { frameRowOf } from '../../helpers/phoneMessages';
import { phoneText, recordingRouter } from '../helpers/recordingRouter';

const { connect, update, delete: ownDelete } = phoneText;
const slider = (id: number, value: number) => phoneText.slider(id, 'gain', value);
/** A frame's user `id`, who holds `slot`. */
const atX = (id: number, slot: number, x: number, sliders: Record<string, number> = {}) =>
  frameRowOf(id, slot, x, { sliders });

/** A frame's user `id`, holding `slot`, who never moved the stick. */
const atRest = (id: number, slot: number) => frameRowOf(id, slot, 0, { speed: 0 });

describe('the router with a batched installation', () => {
  it('sends one frame a tick with the latest state, and connects and deletes at once, in order', () => {
    const { router, tick, received, say } = recordingRouter();
    router.installationOpened('i', 30);
    router.controllerOpened('p1');
    router.controllerOpened('p2');
    say('p1', connect(1), update(1, 0.1), update(1, 0.2));
    say('p2', connect(2), slider(2, 0.5));
    const empty = { type: 'frame', users: [] };
    // The replay frame of an empty roster comes first.
    expect(received('i')).toEqual([
      empty,
      { type: 'connect', sliderId: 1, slot: 1 },
      { type: 'connect', sliderId: 2, slot: 2 },
    ]);
    tick();
    say('p1', update(1, 0.3), ownDelete(1));
    tick();
    tick();
    expect(received('i').slice(3)).toEqual([
      { type: 'frame', users: [atX(1, 1, 0.2), { ...atX(2, 2, 0, { gain: 0.5 }), speed: 0 }] },
      { type: 'delete', sliderId: 1, slot: 1 },
      // User 1's last move left with them; nobody else changed.
      empty,
      empty,
    ]);
  });

  it('ticks at the asked rate and stops ticking when the installation closes', () => {
    const { router, timers } = recordingRouter();
    router.installationOpened('i', 50);
    expect([...timers.values()].map((timer) => timer.intervalMs)).toEqual([20]);
    router.installationClosed('i');
    expect(timers.size).toBe(0);
  });

  it('replays connects and then one frame with everyone to a batched installation that joins late', () => {
    const { router, received, join, say } = recordingRouter();
    join('p', 1);
    say('p', update(1, -1));
    router.installationOpened('i', 10);
    expect(received('i')).toEqual([
      { type: 'connect', sliderId: 1, slot: 1 },
      { type: 'frame', users: [atX(1, 1, -1)] },
    ]);
  });

  it('switches to frames on a subscribe as the first message, starting with a frame of everyone', () => {
    const { router, tick, received, timers, join, say } = recordingRouter();
    join('p', 1);
    say('p', update(1, 0.5));
    router.installationOpened('i');
    router.installationMessage('i', '{"type":"subscribe","batch":60}');
    expect([...timers.values()].map((timer) => timer.intervalMs)).toEqual([1000 / 60]);
    say('p', update(1, 0.6), update(1, 0.7));
    tick();
    expect(received('i')).toEqual([
      { type: 'connect', sliderId: 1, slot: 1 },
      { type: 'update', sliderId: 1, slot: 1, x: 0.5, y: 0, speed: 50, angle: 0 },
      { type: 'frame', users: [atX(1, 1, 0.5)] },
      { type: 'frame', users: [atX(1, 1, 0.7)] },
    ]);
  });

  it('ignores a subscribe that is not the first message, and keeps sending every message', () => {
    const { router, received, timers, join, say } = recordingRouter();
    join('p', 1);
    router.installationOpened('i');
    router.installationMessage('i', '{"type":"send","to":1,"event":"text","data":"hi"}');
    router.installationMessage('i', '{"type":"subscribe","batch":30}');
    say('p', update(1, 0.5));
    expect(timers.size).toBe(0);
    expect(received('i').map((m) => m.type)).toEqual(['connect', 'update']);
    expect(router.stats().dropped).toEqual({ 'late-subscribe': 1 });
  });

  it.each([0, 121, 2.5, '30', null])(
    'closes with 1008 on a subscribe asking for batch %s',
    (batch) => {
      const { router, closed, timers } = recordingRouter();
      router.installationOpened('i');
      router.installationMessage('i', JSON.stringify({ type: 'subscribe', batch }));
      expect(closed).toEqual([
        {
          handle: 'i',
          code: BAD_BATCH_CLOSE_CODE,
          reason: 'batch must be a whole number from 1 to 120',
        },
      ]);
      expect(BAD_BATCH_CLOSE_CODE).toBe(1008);
      expect(timers.size).toBe(0);
      expect(router.stats().dropped).toEqual({ 'bad-batch': 1 });
    },
  );

  it("still passes a batched installation's sends on to the phones", () => {
    const { router, received, join } = recordingRouter();
    join('p', 1);
    router.installationOpened('i', 30);
    router.installationMessage('i', '{"type":"send","to":1,"event":"color","data":"red"}');
    expect(received('p')).toEqual([
      { event: 'slot', data: 1 },
      { event: 'color', data: 'red' },
    ]);
  });

  it('keeps plain installations on every message while another one is batched', () => {
    const { router, received, join, say } = recordingRouter();
    router.installationOpened('plain');
    router.installationOpened('batched', 30);
    join('p', 1);
    say('p', update(1, 0.1), update(1, 0.2));
    expect(received('plain').map((m) => m.type)).toEqual(['connect', 'update', 'update']);
    expect(received('batched').map((m) => m.type)).toEqual(['frame', 'connect']);
  });

  it('gives each user of a frame the slot they hold, right after their id', () => {
    const { router, tick, sent, join, say } = recordingRouter();
    router.installationOpened('i', 30);
    for (const [phone, id] of [
      ['p1', 10],
      ['p2', 20],
      ['p3', 30],
    ] as const) {
      join(phone, id);
    }
    say('p1', ownDelete(10));
    say('p3', update(30, 0.5));
    say('p2', slider(20, 1));
    tick();
    expect(sent.at(-1)).toEqual({
      to: 'i',
      text:
        '{"type":"frame","users":[' +
        '{"sliderId":30,"slot":3,"x":0.5,"y":0,"speed":50,"angle":0,"sliders":{},"buttons":{}},' +
        '{"sliderId":20,"slot":2,"x":0,"y":0,"speed":0,"angle":0,"sliders":{"gain":1},"buttons":{}}]}',
    });
  });

  it('replays connects and a first frame with their slots, also of a user who came back to another slot', () => {
    const { router, received, say } = recordingRouter();
    router.controllerOpened('a');
    router.controllerOpened('b');
    router.controllerOpened('c');
    say('a', connect(1));
    say('b', connect(2), ownDelete(2));
    say('c', connect(3));
    say('b', connect(2), update(2, 0.25));
    router.installationOpened('i', 10);
    expect(received('i')).toEqual([
      { type: 'connect', sliderId: 1, slot: 1 },
      { type: 'connect', sliderId: 3, slot: 2 },
      { type: 'connect', sliderId: 2, slot: 3 },
      { type: 'frame', users: [atRest(1, 1), atRest(3, 2), atX(2, 3, 0.25)] },
    ]);
  });

  it('passes a batched installation’s send by slot to the phone that holds it', () => {
    const { router, received, say } = recordingRouter();
    router.controllerOpened('a');
    router.controllerOpened('b');
    say('a', connect(1));
    say('b', connect(2));
    router.installationOpened('i', 30);
    router.installationMessage('i', '{"type":"send","slot":2,"event":"text","data":"two"}');
    expect(received('a')).toEqual([{ event: 'slot', data: 1 }]);
    expect(received('b')).toEqual([
      { event: 'slot', data: 2 },
      { event: 'text', data: 'two' },
    ]);
  });
});
