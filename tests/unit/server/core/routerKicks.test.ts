import { describe, expect, it } from 'vitest';
import { createRouter } from '../../../../server/core/router';

/** A router over string handles with a manual clock, recording what it sends and closes. */
function setup(kickSeconds = 60) {
  let clock = 0;
  const sent: { to: string; text: string }[] = [];
  const closed: { handle: string; code: number; reason: string }[] = [];
  const router = createRouter<string>(
    {
      send: (to, text) => sent.push({ to, text }),
      close: (handle, code, reason) => closed.push({ handle, code, reason }),
    },
    { warn: () => {}, now: () => clock, every: () => () => {}, limits: { kickSeconds } },
  );
  const advance = (ms: number) => (clock += ms);
  return { router, sent, closed, advance };
}

const connect = (id: number) => `{"type":"connect","sliderId":${id}}`;

describe('the router, kicking', () => {
  it('turns the kicked id back until its hold ends, with the whole seconds left, then lets it in', () => {
    const { router, closed, advance } = setup(60);
    router.installationOpened('i');
    router.controllerOpened('p1');
    router.controllerMessage('p1', connect(7));
    router.installationMessage('i', '{"type":"kick","slot":1}');
    expect(closed).toEqual([
      { handle: 'p1', code: 4001, reason: 'removed by the operator; back in 60 s' },
    ]);

    advance(20_500);
    router.controllerOpened('p2');
    router.controllerMessage('p2', connect(7));
    expect(closed.at(-1)).toEqual({
      handle: 'p2',
      code: 4001,
      reason: 'removed by the operator; back in 40 s',
    });
    expect(router.stats().users).toBe(0);

    advance(39_500);
    router.controllerOpened('p3');
    router.controllerMessage('p3', connect(7));
    expect(closed).toHaveLength(2);
    expect(router.stats()).toMatchObject({ users: 1, kicks: { kicked: 1, turnedBack: 1 } });
  });

  it('counts monitors apart from installations, and lists each phone with an id for their report', () => {
    const { router, advance } = setup();
    router.installationOpened('i');
    router.installationOpened('m', undefined, true);
    router.controllerOpened('quiet');
    router.controllerOpened('p');
    router.controllerMessage('p', connect(9));
    advance(250);
    router.controllerMessage(
      'p',
      '{"type":"update","sliderId":9,"x":0,"y":0.5,"speed":50,"angle":90}',
    );
    expect(router.stats()).toMatchObject({ installations: 1, monitors: 1 });
    expect([...router.monitors()]).toEqual(['m']);
    // The socket that never said connect has no id, and no row.
    expect(router.takePhoneActivity()).toEqual([
      { handle: 'p', sliderId: 9, slot: 1, frames: 2, heardAt: 250 },
    ]);
    // The count starts again at every report.
    expect(router.takePhoneActivity()[0]?.frames).toBe(0);
    router.controllerMessage('p', '{"type":"delete","sliderId":9}');
    expect(router.takePhoneActivity()).toEqual([
      { handle: 'p', sliderId: 9, slot: null, frames: 1, heardAt: 250 },
    ]);
    router.installationClosed('m');
    expect(router.stats()).toMatchObject({ installations: 1, monitors: 0 });
  });
});
