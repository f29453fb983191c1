import { describe, expect, it } from 'vitest';
import type { RouterLimits } from '../../../server/router';
import { frameRowOf, updateOf } from '../../helpers/phoneMessages';
import { slotted } from '../../helpers/slotted';
import { phoneText, recordingRouter } from '../helpers/recordingRouter';

/** A router whose installations count as slow past 1000 unsent bytes, and are cut off 50 behind. */
const setup = (limits: Partial<RouterLimits> = {}) =>
  recordingRouter({ slowInstallationBytes: 1000, maxBacklog: 50, ...limits });

const { connect, update, delete: ownDelete } = phoneText;
/** What installations get of user `id`'s update; each user here holds the slot equal to their id. */
const updated = (id: number, x: number) => slotted(updateOf(id, x), id);

describe('the router with a slow installation', () => {
  it('holds back a full installation and then sends each join and leave, and only the latest state', () => {
    const { router, buffered, tick, received, timers, say } = setup();
    router.installationOpened('i');
    router.controllerOpened('p1');
    router.controllerOpened('p2');
    say('p1', connect(1));
    buffered.set('i', 5000);
    for (let step = 1; step <= 9; step += 1) router.controllerMessage('p1', update(1, step / 10));
    say('p2', connect(2), update(2, 0.5), ownDelete(2));
    say('p1', update(1, 1));
    expect(received('i')).toEqual([{ type: 'connect', sliderId: 1, slot: 1 }]);
    expect(router.stats().slowInstallations).toBe(1);

    tick();
    expect(received('i')).toHaveLength(1);
    buffered.set('i', 0);
    tick();
    expect(received('i')).toEqual([
      { type: 'connect', sliderId: 1, slot: 1 },
      updated(1, 1),
      { type: 'connect', sliderId: 2, slot: 2 },
      updated(2, 0.5),
      { type: 'delete', sliderId: 2, slot: 2 },
    ]);
    expect(router.stats().slowInstallations).toBe(0);
    expect(timers.size).toBe(0);
    say('p1', update(1, 0.25));
    expect(received('i').at(-1)).toEqual(updated(1, 0.25));
  });

  it('cuts off an installation that falls more than the backlog limit behind', () => {
    const { router, buffered, terminated, join } = setup({ maxBacklog: 10 });
    router.installationOpened('i');
    buffered.set('i', 5000);
    for (let id = 1; id <= 11; id += 1) {
      join(`p${id}`, id);
    }
    expect(terminated).toEqual(['i']);
    expect(router.stats()).toMatchObject({ installations: 0, cutOff: { slow: 1 } });
  });

  it('skips a slow batched installation’s frames but never its connects, and catches it up', () => {
    const { router, buffered, tick, received, say } = setup();
    router.installationOpened('b', 30);
    router.controllerOpened('p1');
    buffered.set('b', 5000);
    say('p1', connect(1), update(1, 0.5));
    tick();
    expect(received('b')).toEqual([{ type: 'frame', users: [] }]);
    buffered.set('b', 0);
    tick();
    tick();
    expect(received('b').slice(1)).toEqual([
      { type: 'connect', sliderId: 1, slot: 1 },
      {
        type: 'frame',
        users: [frameRowOf(1, 1, 0.5)],
      },
    ]);
  });
});

describe('the router’s rate limit', () => {
  it('drops and counts what a phone sends over its burst, and closes a flood with 1008', () => {
    const { router, received, closed, join } = setup({
      phoneRate: 10,
      phoneBurst: 3,
      floodLimit: 5,
    });
    router.installationOpened('i');
    join('p', 1);
    for (let step = 1; step <= 4; step += 1) router.controllerMessage('p', update(1, step / 10));
    expect(received('i')).toEqual([
      { type: 'connect', sliderId: 1, slot: 1 },
      updated(1, 0.1),
      updated(1, 0.2),
    ]);
    expect(router.stats().dropped).toEqual({ 'rate-limit': 2 });
    expect(closed).toEqual([]);
    for (let step = 0; step < 4; step += 1) router.controllerMessage('p', update(1, 0.9));
    expect(closed).toEqual([{ handle: 'p', code: 1008, reason: 'too many messages' }]);
    expect(router.stats().cutOff.flood).toBe(1);
  });

  it('drops what a phone closed for flooding still had on the way, however long it takes to arrive', () => {
    const { router, received, closed, advance, join } = setup({
      phoneRate: 10,
      phoneBurst: 3,
      floodLimit: 5,
    });
    router.installationOpened('i');
    join('p', 1);
    for (let step = 0; step < 8; step += 1) router.controllerMessage('p', update(1, 0.5));
    expect(closed).toHaveLength(1);
    const forwarded = received('i').length;
    const droppedAtClose = router.stats().dropped['rate-limit']!;

    // A second later the bucket would be full again and the excess forgiven.
    advance(1000);
    for (let step = 0; step < 20; step += 1) router.controllerMessage('p', update(1, 0.9));
    expect(received('i')).toHaveLength(forwarded);
    expect(closed).toHaveLength(1);
    expect(router.stats().cutOff.flood).toBe(1);
    expect(router.stats().dropped['rate-limit']).toBe(droppedAtClose + 20);

    // Its close still says goodbye for it.
    router.controllerClosed('p');
    expect(received('i').at(-1)).toEqual({
      type: 'delete',
      sliderId: 1,
      slot: 1,
      reason: 'disconnect',
    });
  });

  it('lets a phone that waited send again', () => {
    const { router, received, advance, join, say } = setup({ phoneRate: 10, phoneBurst: 1 });
    router.installationOpened('i');
    join('p', 1);
    say('p', update(1, 0.1));
    advance(100);
    say('p', update(1, 0.2));
    expect(received('i')).toEqual([{ type: 'connect', sliderId: 1, slot: 1 }, updated(1, 0.2)]);
  });
});

describe('the router’s limits on one phone', () => {
  it('drops a second connect with no delete between, and takes one again after a delete', () => {
    const { router, received, join, say } = setup();
    router.installationOpened('i');
    join('p', 1);
    say('p', connect(1));
    expect(received('i')).toEqual([{ type: 'connect', sliderId: 1, slot: 1 }]);
    expect(received('p')).toEqual([{ event: 'slot', data: 1 }]);
    expect(router.stats().dropped).toEqual({ 'already-connected': 1 });
    say('p', ownDelete(1), connect(1));
    expect(received('i').map((m) => m.type)).toEqual(['connect', 'delete', 'connect']);
    expect(received('p')).toEqual([
      { event: 'slot', data: 1 },
      { event: 'slot', data: 1 },
    ]);
  });

  it('closes a socket with no valid connect after the connect timeout, and counts it', () => {
    const { router, closed, tick, advance, join, say } = setup({ connectTimeoutMs: 10_000 });
    router.controllerOpened('silent');
    router.controllerOpened('wrong');
    say('wrong', '{"type":"connect","sliderId":0}');
    join('player', 5);
    advance(9_999);
    tick();
    expect(closed).toEqual([]);
    router.controllerOpened('late');
    advance(1);
    tick();
    expect(closed).toEqual([
      { handle: 'silent', code: 1008, reason: 'no connect in time' },
      { handle: 'wrong', code: 1008, reason: 'no connect in time' },
    ]);
    expect(router.stats().cutOff.noConnect).toBe(2);
    expect(router.stats().controllers).toBe(2);
    advance(10_000);
    tick();
    expect(closed.map((c) => c.handle)).toEqual(['silent', 'wrong', 'late']);
  });

  it('cuts off a phone whose unsent bytes pass the phone buffer, deletes its user, and still sends to the rest', () => {
    const { router, buffered, terminated, received, join } = setup({ phoneBufferBytes: 1000 });
    router.installationOpened('i');
    for (const [phone, id] of [
      ['p1', 1],
      ['p2', 2],
      ['p3', 3],
    ] as const) {
      join(phone, id);
    }
    buffered.set('p2', 1001);
    router.installationMessage('i', '{"type":"send","to":"all","event":"text","data":"hi"}');
    expect(terminated).toEqual(['p2']);
    expect(received('p1')).toEqual([
      { event: 'slot', data: 1 },
      { event: 'text', data: 'hi' },
    ]);
    expect(received('p3')).toEqual([
      { event: 'slot', data: 3 },
      { event: 'text', data: 'hi' },
    ]);
    expect(received('i').at(-1)).toEqual({
      type: 'delete',
      sliderId: 2,
      slot: 2,
      reason: 'disconnect',
    });
    expect(router.stats().cutOff.slowPhone).toBe(1);
    expect(router.stats().users).toBe(2);
    // Its socket's close, when it comes, says nothing more.
    router.controllerClosed('p2');
    expect(received('i').filter((m) => m.type === 'delete')).toHaveLength(1);
    buffered.set('p1', 1000);
    router.installationMessage('i', '{"type":"send","to":1,"event":"text","data":"again"}');
    expect(terminated).toEqual(['p2']);
  });
  it('cuts off a phone already too far behind for its slot event, and gives the slot back', () => {
    const { router, buffered, terminated, received, join, say } = setup({ phoneBufferBytes: 1000 });
    router.installationOpened('i');
    router.controllerOpened('stuck');
    buffered.set('stuck', 1001);
    say('stuck', connect(1));
    join('p', 2);
    expect(terminated).toEqual(['stuck']);
    expect(received('i')).toEqual([
      { type: 'connect', sliderId: 1, slot: 1 },
      { type: 'delete', sliderId: 1, slot: 1, reason: 'disconnect' },
      { type: 'connect', sliderId: 2, slot: 1 },
    ]);
  });
});

describe('the router, stopping', () => {
  it('sends every live user’s delete after what a slow installation was owed, then ignores phones', () => {
    const { router, buffered, received, say } = setup();
    router.installationOpened('i');
    router.controllerOpened('p1');
    router.controllerOpened('p2');
    say('p1', connect(1));
    buffered.set('i', 5000);
    say('p2', connect(2));
    router.stop();
    say('p1', update(1, 0.5));
    router.controllerClosed('p1');
    expect(received('i')).toEqual([
      { type: 'connect', sliderId: 1, slot: 1 },
      { type: 'connect', sliderId: 2, slot: 2 },
      { type: 'delete', sliderId: 1, slot: 1, reason: 'disconnect' },
      { type: 'delete', sliderId: 2, slot: 2, reason: 'disconnect' },
    ]);
    expect(router.stats()).toMatchObject({ controllers: 0, users: 0 });
  });
});
