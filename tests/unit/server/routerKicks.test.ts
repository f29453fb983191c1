import { describe, expect, it } from 'vitest';
import { phoneText, recordingRouter } from '../helpers/recordingRouter';

const setup = (kickSeconds = 60) => recordingRouter({ kickSeconds });
const { update, delete: ownDelete } = phoneText;

describe('the router, kicking', () => {
  it('turns the kicked id back until its hold ends, with the whole seconds left, then lets it in', () => {
    const { router, closed, advance, join } = setup(60);
    router.installationOpened('i');
    join('p1', 7);
    router.installationMessage('i', '{"type":"kick","slot":1}');
    expect(closed).toEqual([
      { handle: 'p1', code: 4001, reason: 'removed by the operator; back in 60 s' },
    ]);

    advance(20_500);
    join('p2', 7);
    expect(closed.at(-1)).toEqual({
      handle: 'p2',
      code: 4001,
      reason: 'removed by the operator; back in 40 s',
    });
    expect(router.stats().users).toBe(0);

    advance(39_500);
    join('p3', 7);
    expect(closed).toHaveLength(2);
    expect(router.stats()).toMatchObject({ users: 1, kicks: { kicked: 1, turnedBack: 1 } });
  });

  it('counts monitors apart from installations, and lists each phone with an id for their report', () => {
    const { router, advance, join, say } = setup();
    router.installationOpened('i');
    router.installationOpened('m', undefined, true);
    router.controllerOpened('quiet');
    join('p', 9);
    advance(250);
    say('p', update(9, 0, { y: 0.5, angle: 90 }));
    expect(router.stats()).toMatchObject({ installations: 1, monitors: 1 });
    expect([...router.monitors()]).toEqual(['m']);
    // The socket that never said connect has no id, and no row.
    expect(router.takePhoneActivity()).toEqual([
      { handle: 'p', sliderId: 9, slot: 1, frames: 2, heardAt: 250 },
    ]);
    // The count starts again at every report.
    expect(router.takePhoneActivity()[0]?.frames).toBe(0);
    say('p', ownDelete(9));
    expect(router.takePhoneActivity()).toEqual([
      { handle: 'p', sliderId: 9, slot: null, frames: 1, heardAt: 250 },
    ]);
    router.installationClosed('m');
    expect(router.stats()).toMatchObject({ installations: 1, monitors: 0 });
  });
});
