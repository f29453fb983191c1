import { describe, expect, it } from 'vitest';
import { BAD_BATCH_CLOSE_CODE } from '../../../../src/shared/protocol';
import { createRouter } from '../../../../server/core/router';

/** A router over string handles with a clock the test turns by hand. */
function setup() {
  const sent: { to: string; text: string }[] = [];
  const closed: { handle: string; code: number; reason: string }[] = [];
  const timers = new Map<number, { intervalMs: number; tick: () => void }>();
  let nextTimer = 0;
  const router = createRouter<string>(
    {
      send: (to, text) => sent.push({ to, text }),
      close: (handle, code, reason) => closed.push({ handle, code, reason }),
    },
    {
      warn: () => {},
      every(intervalMs, tick) {
        const id = nextTimer++;
        timers.set(id, { intervalMs, tick });
        return () => timers.delete(id);
      },
    },
  );
  /** One interval passes for every batched installation. */
  const tick = () => [...timers.values()].forEach((timer) => timer.tick());
  const received = (handle: string) =>
    sent.filter((s) => s.to === handle).map((s) => JSON.parse(s.text));
  return { router, sent, closed, timers, tick, received };
}

const connect = (id: number) => `{"type":"connect","sliderId":${id}}`;
const update = (id: number, x: number) =>
  `{"type":"update","sliderId":${id},"x":${x},"y":0,"speed":50,"angle":0}`;
const slider = (id: number, value: number) =>
  `{"type":"slider","sliderId":${id},"name":"gain","value":${value}}`;
const ownDelete = (id: number) => `{"type":"delete","sliderId":${id}}`;
/** A frame's user `id`, who holds `slot`. */
const atX = (id: number, slot: number, x: number, sliders: Record<string, number> = {}) => ({
  sliderId: id,
  slot,
  x,
  y: 0,
  speed: 50,
  angle: 0,
  sliders,
  buttons: {},
});

/** A frame's user `id`, holding `slot`, who never moved the stick. */
const atRest = (id: number, slot: number) => ({ ...atX(id, slot, 0), speed: 0 });

describe('the router with a batched installation', () => {
  it('sends one frame a tick with the latest state, and connects and deletes at once, in order', () => {
    const { router, tick, received } = setup();
    router.installationOpened('i', 30);
    router.controllerOpened('p1');
    router.controllerOpened('p2');
    router.controllerMessage('p1', connect(1));
    router.controllerMessage('p1', update(1, 0.1));
    router.controllerMessage('p1', update(1, 0.2));
    router.controllerMessage('p2', connect(2));
    router.controllerMessage('p2', slider(2, 0.5));
    const empty = { type: 'frame', users: [] };
    // The replay frame of an empty roster comes first.
    expect(received('i')).toEqual([
      empty,
      { type: 'connect', sliderId: 1, slot: 1 },
      { type: 'connect', sliderId: 2, slot: 2 },
    ]);
    tick();
    router.controllerMessage('p1', update(1, 0.3));
    router.controllerMessage('p1', ownDelete(1));
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
    const { router, timers } = setup();
    router.installationOpened('i', 50);
    expect([...timers.values()].map((timer) => timer.intervalMs)).toEqual([20]);
    router.installationClosed('i');
    expect(timers.size).toBe(0);
  });

  it('replays connects and then one frame with everyone to a batched installation that joins late', () => {
    const { router, received } = setup();
    router.controllerOpened('p');
    router.controllerMessage('p', connect(1));
    router.controllerMessage('p', update(1, -1));
    router.installationOpened('i', 10);
    expect(received('i')).toEqual([
      { type: 'connect', sliderId: 1, slot: 1 },
      { type: 'frame', users: [atX(1, 1, -1)] },
    ]);
  });

  it('switches to frames on a subscribe as the first message, starting with a frame of everyone', () => {
    const { router, tick, received, timers } = setup();
    router.controllerOpened('p');
    router.controllerMessage('p', connect(1));
    router.controllerMessage('p', update(1, 0.5));
    router.installationOpened('i');
    router.installationMessage('i', '{"type":"subscribe","batch":60}');
    expect([...timers.values()].map((timer) => timer.intervalMs)).toEqual([1000 / 60]);
    router.controllerMessage('p', update(1, 0.6));
    router.controllerMessage('p', update(1, 0.7));
    tick();
    expect(received('i')).toEqual([
      { type: 'connect', sliderId: 1, slot: 1 },
      { type: 'update', sliderId: 1, slot: 1, x: 0.5, y: 0, speed: 50, angle: 0 },
      { type: 'frame', users: [atX(1, 1, 0.5)] },
      { type: 'frame', users: [atX(1, 1, 0.7)] },
    ]);
  });

  it('ignores a subscribe that is not the first message, and keeps sending every message', () => {
    const { router, received, timers } = setup();
    router.controllerOpened('p');
    router.controllerMessage('p', connect(1));
    router.installationOpened('i');
    router.installationMessage('i', '{"type":"send","to":1,"event":"text","data":"hi"}');
    router.installationMessage('i', '{"type":"subscribe","batch":30}');
    router.controllerMessage('p', update(1, 0.5));
    expect(timers.size).toBe(0);
    expect(received('i').map((m) => m.type)).toEqual(['connect', 'update']);
    expect(router.stats().dropped).toEqual({ 'late-subscribe': 1 });
  });

  it.each([0, 121, 2.5, '30', null])(
    'closes with 1008 on a subscribe asking for batch %s',
    (batch) => {
      const { router, closed, timers } = setup();
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
    const { router, received } = setup();
    router.controllerOpened('p');
    router.controllerMessage('p', connect(1));
    router.installationOpened('i', 30);
    router.installationMessage('i', '{"type":"send","to":1,"event":"color","data":"red"}');
    expect(received('p')).toEqual([
      { event: 'slot', data: 1 },
      { event: 'color', data: 'red' },
    ]);
  });

  it('keeps plain installations on every message while another one is batched', () => {
    const { router, received } = setup();
    router.installationOpened('plain');
    router.installationOpened('batched', 30);
    router.controllerOpened('p');
    router.controllerMessage('p', connect(1));
    router.controllerMessage('p', update(1, 0.1));
    router.controllerMessage('p', update(1, 0.2));
    expect(received('plain').map((m) => m.type)).toEqual(['connect', 'update', 'update']);
    expect(received('batched').map((m) => m.type)).toEqual(['frame', 'connect']);
  });

  it('gives each user of a frame the slot they hold, right after their id', () => {
    const { router, tick, sent } = setup();
    router.installationOpened('i', 30);
    for (const [phone, id] of [
      ['p1', 10],
      ['p2', 20],
      ['p3', 30],
    ] as const) {
      router.controllerOpened(phone);
      router.controllerMessage(phone, connect(id));
    }
    router.controllerMessage('p1', ownDelete(10));
    router.controllerMessage('p3', update(30, 0.5));
    router.controllerMessage('p2', slider(20, 1));
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
    const { router, received } = setup();
    router.controllerOpened('a');
    router.controllerOpened('b');
    router.controllerOpened('c');
    router.controllerMessage('a', connect(1));
    router.controllerMessage('b', connect(2));
    router.controllerMessage('b', ownDelete(2));
    router.controllerMessage('c', connect(3));
    router.controllerMessage('b', connect(2));
    router.controllerMessage('b', update(2, 0.25));
    router.installationOpened('i', 10);
    expect(received('i')).toEqual([
      { type: 'connect', sliderId: 1, slot: 1 },
      { type: 'connect', sliderId: 3, slot: 2 },
      { type: 'connect', sliderId: 2, slot: 3 },
      { type: 'frame', users: [atRest(1, 1), atRest(3, 2), atX(2, 3, 0.25)] },
    ]);
  });

  it('passes a batched installation’s send by slot to the phone that holds it', () => {
    const { router, received } = setup();
    router.controllerOpened('a');
    router.controllerOpened('b');
    router.controllerMessage('a', connect(1));
    router.controllerMessage('b', connect(2));
    router.installationOpened('i', 30);
    router.installationMessage('i', '{"type":"send","slot":2,"event":"text","data":"two"}');
    expect(received('a')).toEqual([{ event: 'slot', data: 1 }]);
    expect(received('b')).toEqual([
      { event: 'slot', data: 2 },
      { event: 'text', data: 'two' },
    ]);
  });
});
