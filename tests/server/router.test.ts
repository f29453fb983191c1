import { describe, expect, it } from 'vitest';
import { createRouter } from '../../server/router';

/** A router over string handles, with everything it sends, closes and warns recorded. */
function setup() {
  const sent: { to: string; text: string }[] = [];
  const closed: { handle: string; code: number; reason: string }[] = [];
  const warnings: string[] = [];
  const router = createRouter<string>(
    {
      send: (to, text) => sent.push({ to, text }),
      close: (handle, code, reason) => closed.push({ handle, code, reason }),
    },
    { warn: (line) => warnings.push(line) },
  );
  const textsTo = (handle: string) => sent.filter((s) => s.to === handle).map((s) => s.text);
  return { router, sent, closed, warnings, textsTo };
}

const connect = (id: number) => `{"type":"connect","sliderId":${id}}`;
const update = (id: number, x = 0.5) =>
  `{"type":"update","sliderId":${id},"x":${x},"y":-0.25,"speed":56,"angle":333}`;
const slider = (id: number, name: string, value: number) =>
  `{"type":"slider","sliderId":${id},"name":"${name}","value":${value}}`;
const ownDelete = (id: number) => `{"type":"delete","sliderId":${id}}`;
const disconnect = (id: number) => `{"type":"delete","sliderId":${id},"reason":"disconnect"}`;

describe('the router', () => {
  it('passes every valid controller message to every installation as the same string', () => {
    const { router, sent } = setup();
    router.installationOpened('i1');
    router.installationOpened('i2');
    router.controllerOpened('p');
    for (const text of [connect(7), update(7), slider(7, 'gain', 0.5), ownDelete(7)]) {
      router.controllerMessage('p', text);
    }
    const expected = [connect(7), update(7), slider(7, 'gain', 0.5), ownDelete(7)];
    expect(sent).toEqual(
      expected.flatMap((text) => [
        { to: 'i1', text },
        { to: 'i2', text },
      ]),
    );
  });

  it('rebuilds a message from its checked fields, dropping unknown ones', () => {
    const { router, textsTo } = setup();
    router.installationOpened('i');
    router.controllerOpened('p');
    router.controllerMessage('p', '{"sliderId":7,"evil":"<script>","type":"connect"}');
    router.controllerMessage(
      'p',
      '{"angle":333,"speed":56,"y":-0.25,"x":0.5,"sliderId":7,"type":"update","extra":[1]}',
    );
    expect(textsTo('i')).toEqual([connect(7), update(7)]);
  });

  it('never sends a controller message to a controller', () => {
    const { router, sent } = setup();
    router.controllerOpened('a');
    router.controllerOpened('b');
    router.controllerMessage('a', connect(1));
    router.controllerMessage('b', connect(2));
    router.controllerMessage('a', update(1));
    expect(sent).toEqual([]);
  });

  it('drops updates, sliders and deletes from a controller that has not connected', () => {
    const { router, sent } = setup();
    router.installationOpened('i');
    router.controllerOpened('p');
    router.controllerMessage('p', update(7));
    router.controllerMessage('p', slider(7, 'gain', 0.5));
    router.controllerMessage('p', ownDelete(7));
    expect(sent).toEqual([]);
    expect(router.stats().dropped).toEqual({ 'not-connected': 3 });
  });

  it('binds the user id of the first connect and drops messages carrying another', () => {
    const { router, textsTo } = setup();
    router.installationOpened('i');
    router.controllerOpened('p');
    router.controllerMessage('p', connect(7));
    router.controllerMessage('p', update(8));
    router.controllerMessage('p', connect(8));
    router.controllerMessage('p', update(7));
    expect(textsTo('i')).toEqual([connect(7), update(7)]);
    expect(router.stats().dropped).toEqual({ 'wrong-id': 2 });
  });

  it('drops updates after the controller deleted itself, until it connects again', () => {
    const { router, textsTo } = setup();
    router.installationOpened('i');
    router.controllerOpened('p');
    router.controllerMessage('p', connect(7));
    router.controllerMessage('p', ownDelete(7));
    router.controllerMessage('p', update(7, 0.1));
    router.controllerMessage('p', ownDelete(7));
    router.controllerMessage('p', connect(7));
    router.controllerMessage('p', update(7, 0.2));
    expect(textsTo('i')).toEqual([connect(7), ownDelete(7), connect(7), update(7, 0.2)]);
    expect(router.stats().dropped).toEqual({ 'not-connected': 2 });
  });

  it('announces a disconnect delete when a connected controller goes away', () => {
    const { router, textsTo } = setup();
    router.installationOpened('i');
    router.controllerOpened('p');
    router.controllerMessage('p', connect(7));
    router.controllerClosed('p');
    expect(textsTo('i')).toEqual([connect(7), disconnect(7)]);
    expect(router.stats()).toMatchObject({ controllers: 0, users: 0 });
  });

  it('announces nothing when a controller goes away after its own delete, or before connecting', () => {
    const { router, textsTo } = setup();
    router.installationOpened('i');
    router.controllerOpened('p');
    router.controllerOpened('q');
    router.controllerMessage('p', connect(7));
    router.controllerMessage('p', ownDelete(7));
    router.controllerClosed('p');
    router.controllerClosed('q');
    expect(textsTo('i')).toEqual([connect(7), ownDelete(7)]);
  });

  it('hands a user id to a newer socket and closes the older one with 4000 replaced', () => {
    const { router, textsTo, closed } = setup();
    router.installationOpened('i');
    router.controllerOpened('old');
    router.controllerMessage('old', connect(7));
    router.controllerOpened('new');
    router.controllerMessage('new', connect(7));
    expect(closed).toEqual([{ handle: 'old', code: 4000, reason: 'replaced' }]);

    router.controllerMessage('old', update(7, 0.1));
    router.controllerClosed('old');
    router.controllerMessage('new', update(7, 0.2));
    expect(textsTo('i')).toEqual([connect(7), connect(7), update(7, 0.2)]);
    expect(router.stats()).toMatchObject({ controllers: 1, users: 1, dropped: { replaced: 1 } });
  });

  it('replays the roster to an installation that joins late', () => {
    const { router, textsTo } = setup();
    router.controllerOpened('a');
    router.controllerOpened('b');
    router.controllerMessage('a', connect(1));
    router.controllerMessage('a', update(1, 0.1));
    router.controllerMessage('a', slider(1, 'gain', 0.3));
    router.controllerMessage('a', update(1, 0.9));
    router.controllerMessage('b', connect(2));
    router.installationOpened('late');
    expect(textsTo('late')).toEqual([
      connect(1),
      update(1, 0.9),
      slider(1, 'gain', 0.3),
      connect(2),
    ]);
  });

  it('passes a send to one phone as {event, data}, and nothing to the others', () => {
    const { router, sent } = setup();
    router.controllerOpened('a');
    router.controllerOpened('b');
    router.controllerMessage('a', connect(1));
    router.controllerMessage('b', connect(2));
    router.installationOpened('i');
    router.installationMessage('i', '{"type":"send","to":2,"event":"color","data":"#ff0000"}');
    expect(sent).toEqual([
      { to: 'i', text: connect(1) },
      { to: 'i', text: connect(2) },
      { to: 'b', text: '{"event":"color","data":"#ff0000"}' },
    ]);
  });

  it('passes a send to all to every phone, and null data when data is missing', () => {
    const { router, sent } = setup();
    router.controllerOpened('a');
    router.controllerOpened('b');
    router.installationOpened('i');
    router.installationMessage('i', '{"type":"send","to":"all","event":"vibrate"}');
    expect(sent).toEqual([
      { to: 'a', text: '{"event":"vibrate","data":null}' },
      { to: 'b', text: '{"event":"vibrate","data":null}' },
    ]);
  });

  it('counts a send to a user with no socket', () => {
    const { router, sent } = setup();
    router.installationOpened('i');
    router.installationMessage('i', '{"type":"send","to":99,"event":"text","data":"hi"}');
    expect(sent).toEqual([]);
    expect(router.stats().dropped).toEqual({ 'no-such-user': 1 });
  });

  it('counts each kind of bad frame by reason and forwards none of them', () => {
    const { router, textsTo } = setup();
    router.installationOpened('i');
    router.controllerOpened('p');
    router.controllerMessage('p', connect(7));
    router.controllerMessage('p', 'not json');
    router.controllerMessage('p', '[1,2]');
    router.controllerMessage('p', '{"type":"dance","sliderId":7}');
    router.controllerMessage('p', update(7, 2));
    router.controllerMessage(
      'p',
      '{"type":"update","sliderId":7,"x":"0.5","y":0,"speed":0,"angle":0}',
    );
    router.controllerMessage('p', '', true);
    router.installationMessage('i', '{"type":"send","to":"everyone","event":"x"}');
    router.installationMessage('i', '', true);
    router.controllerMessage('p', update(7));
    expect(textsTo('i')).toEqual([connect(7), update(7)]);
    expect(router.stats().dropped).toEqual({
      'not-json': 1,
      'not-object': 1,
      'unknown-type': 1,
      'bad-field': 3,
      binary: 2,
    });
  });

  it('warns once for the first drop of each kind, and never for a pong', () => {
    const { router, warnings } = setup();
    router.controllerOpened('p');
    router.controllerMessage('p', 'pong');
    router.controllerMessage('p', 'not json');
    router.controllerMessage('p', 'still not json');
    router.controllerMessage('p', update(7));
    expect(warnings).toEqual([
      'crowdstick: dropped a frame from a controller (not-json); further drops of this kind are only counted',
      'crowdstick: dropped a frame from a controller (not-connected); further drops of this kind are only counted',
    ]);
    expect(router.stats().dropped).toEqual({ 'not-json': 2, 'not-connected': 1 });
  });

  it('counts open controllers, installations and live users', () => {
    const { router } = setup();
    router.controllerOpened('a');
    router.controllerOpened('b');
    router.controllerMessage('a', connect(1));
    router.installationOpened('i');
    router.installationOpened('j');
    router.installationClosed('j');
    expect(router.stats()).toMatchObject({
      controllers: 2,
      installations: 1,
      users: 1,
      dropped: {},
    });
  });
});
