import { describe, expect, it } from 'vitest';
import { slottedText } from '../../helpers/slotted';
import { phoneText, recordingRouter } from '../helpers/recordingRouter';

const { connect, slider, delete: ownDelete, disconnect } = phoneText;
/** Every field of the stick distinct, so that a field written in another's place shows. */
const update = (id: number, x = 0.5) =>
  phoneText.update(id, x, { y: -0.25, speed: 56, angle: 333 });
/** What installations get of a phone's message: the same with the user's slot. */
const at = slottedText;
/** What the relay tells a phone right after its connect. */
const slotEvent = (slot: number) => `{"event":"slot","data":${slot}}`;

describe('the router', () => {
  it('passes every valid controller message to every installation as the same string', () => {
    const { router, sent, say } = recordingRouter();
    router.installationOpened('i1');
    router.installationOpened('i2');
    router.controllerOpened('p');
    for (const text of [connect(7), update(7), slider(7, 'gain', 0.5), ownDelete(7)]) {
      say('p', text);
    }
    const toBoth = (text: string) => [
      { to: 'i1', text: at(text, 1) },
      { to: 'i2', text: at(text, 1) },
    ];
    expect(sent).toEqual([
      ...toBoth(connect(7)),
      { to: 'p', text: slotEvent(1) },
      ...toBoth(update(7)),
      ...toBoth(slider(7, 'gain', 0.5)),
      ...toBoth(ownDelete(7)),
    ]);
  });

  it('rebuilds a message from its checked fields, dropping unknown ones', () => {
    const { router, textsTo, say } = recordingRouter();
    router.installationOpened('i');
    router.controllerOpened('p');
    say('p', '{"sliderId":7,"evil":"<script>","type":"connect"}');
    router.controllerMessage(
      'p',
      '{"angle":333,"speed":56,"y":-0.25,"x":0.5,"sliderId":7,"type":"update","extra":[1]}',
    );
    expect(textsTo('i')).toEqual([at(connect(7), 1), at(update(7), 1)]);
  });

  it('never sends a controller message to a controller, only its own slot', () => {
    const { router, sent, say } = recordingRouter();
    router.controllerOpened('a');
    router.controllerOpened('b');
    say('a', connect(1));
    say('b', connect(2));
    say('a', update(1));
    expect(sent).toEqual([
      { to: 'a', text: slotEvent(1) },
      { to: 'b', text: slotEvent(2) },
    ]);
  });

  it('drops updates, sliders and deletes from a controller that has not connected', () => {
    const { router, sent, say } = recordingRouter();
    router.installationOpened('i');
    router.controllerOpened('p');
    say('p', update(7), slider(7, 'gain', 0.5), ownDelete(7));
    expect(sent).toEqual([]);
    expect(router.stats().dropped).toEqual({ 'not-connected': 3 });
  });

  it('binds the user id of the first connect and drops messages carrying another', () => {
    const { router, textsTo, join, say } = recordingRouter();
    router.installationOpened('i');
    join('p', 7);
    say('p', update(8), connect(8), update(7));
    expect(textsTo('i')).toEqual([at(connect(7), 1), at(update(7), 1)]);
    expect(router.stats().dropped).toEqual({ 'wrong-id': 2 });
  });

  it('drops updates after the controller deleted itself, until it connects again', () => {
    const { router, textsTo, join, say } = recordingRouter();
    router.installationOpened('i');
    join('p', 7);
    say('p', ownDelete(7), update(7, 0.1), ownDelete(7), connect(7), update(7, 0.2));
    expect(textsTo('i')).toEqual([
      at(connect(7), 1),
      at(ownDelete(7), 1),
      at(connect(7), 1),
      at(update(7, 0.2), 1),
    ]);
    expect(textsTo('p')).toEqual([slotEvent(1), slotEvent(1)]);
    expect(router.stats().dropped).toEqual({ 'not-connected': 2 });
  });

  it('announces a disconnect delete when a connected controller goes away', () => {
    const { router, textsTo, join } = recordingRouter();
    router.installationOpened('i');
    join('p', 7);
    router.controllerClosed('p');
    expect(textsTo('i')).toEqual([at(connect(7), 1), at(disconnect(7), 1)]);
    expect(router.stats()).toMatchObject({ controllers: 0, users: 0 });
  });

  it('announces nothing when a controller goes away after its own delete, or before connecting', () => {
    const { router, textsTo, say } = recordingRouter();
    router.installationOpened('i');
    router.controllerOpened('p');
    router.controllerOpened('q');
    say('p', connect(7), ownDelete(7));
    router.controllerClosed('p');
    router.controllerClosed('q');
    expect(textsTo('i')).toEqual([at(connect(7), 1), at(ownDelete(7), 1)]);
  });

  it('hands a user id to a newer socket and closes the older one with 4000 replaced', () => {
    const { router, textsTo, closed, join, say } = recordingRouter();
    router.installationOpened('i');
    join('old', 7);
    join('new', 7);
    expect(closed).toEqual([{ handle: 'old', code: 4000, reason: 'replaced' }]);

    say('old', update(7, 0.1));
    router.controllerClosed('old');
    say('new', update(7, 0.2));
    expect(textsTo('i')).toEqual([at(connect(7), 1), at(connect(7), 1), at(update(7, 0.2), 1)]);
    expect(router.stats()).toMatchObject({ controllers: 1, users: 1, dropped: { replaced: 1 } });
  });

  it('replays the roster to an installation that joins late', () => {
    const { router, textsTo, say } = recordingRouter();
    router.controllerOpened('a');
    router.controllerOpened('b');
    say('a', connect(1), update(1, 0.1), slider(1, 'gain', 0.3), update(1, 0.9));
    say('b', connect(2));
    router.installationOpened('late');
    expect(textsTo('late')).toEqual([
      at(connect(1), 1),
      at(update(1, 0.9), 1),
      at(slider(1, 'gain', 0.3), 1),
      at(connect(2), 2),
    ]);
  });

  it('passes a send to one phone as {event, data}, and nothing to the others', () => {
    const { router, sent, say } = recordingRouter();
    router.controllerOpened('a');
    router.controllerOpened('b');
    say('a', connect(1));
    say('b', connect(2));
    router.installationOpened('i');
    router.installationMessage('i', '{"type":"send","to":2,"event":"color","data":"#ff0000"}');
    expect(sent).toEqual([
      { to: 'a', text: slotEvent(1) },
      { to: 'b', text: slotEvent(2) },
      { to: 'i', text: at(connect(1), 1) },
      { to: 'i', text: at(connect(2), 2) },
      { to: 'b', text: '{"event":"color","data":"#ff0000"}' },
    ]);
  });

  it('passes a send to all to every phone, and null data when data is missing', () => {
    const { router, sent } = recordingRouter();
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
    const { router, sent } = recordingRouter();
    router.installationOpened('i');
    router.installationMessage('i', '{"type":"send","to":99,"event":"text","data":"hi"}');
    expect(sent).toEqual([]);
    expect(router.stats().dropped).toEqual({ 'no-such-user': 1 });
  });

  it('counts each kind of bad frame by reason and forwards none of them', () => {
    const { router, textsTo, join, say } = recordingRouter();
    router.installationOpened('i');
    join('p', 7);
    say('p', 'not json', '[1,2]', '{"type":"dance","sliderId":7}', update(7, 2));
    router.controllerMessage(
      'p',
      '{"type":"update","sliderId":7,"x":"0.5","y":0,"speed":0,"angle":0}',
    );
    router.controllerMessage('p', '', true);
    router.installationMessage('i', '{"type":"send","to":"everyone","event":"x"}');
    router.installationMessage('i', '', true);
    say('p', update(7));
    expect(textsTo('i')).toEqual([at(connect(7), 1), at(update(7), 1)]);
    expect(router.stats().dropped).toEqual({
      'not-json': 1,
      'not-object': 1,
      'unknown-type': 1,
      'bad-field': 3,
      binary: 2,
    });
  });

  it('warns once for the first drop of each kind, and never for a pong', () => {
    const { router, warnings, say } = recordingRouter();
    router.controllerOpened('p');
    say('p', 'pong', 'not json', 'still not json', update(7));
    expect(warnings).toEqual([
      'crowdstick: dropped a frame from a controller (not-json); further drops of this kind are only counted',
      'crowdstick: dropped a frame from a controller (not-connected); further drops of this kind are only counted',
    ]);
    expect(router.stats().dropped).toEqual({ 'not-json': 2, 'not-connected': 1 });
  });

  it('counts open controllers, installations and live users', () => {
    const { router, say } = recordingRouter();
    router.controllerOpened('a');
    router.controllerOpened('b');
    say('a', connect(1));
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

describe('the router’s slots', () => {
  it('writes the slot right after the sliderId in every kind of message an installation gets', () => {
    const { router, textsTo, join, say } = recordingRouter();
    router.installationOpened('i');
    join('a', 7);
    for (const text of [update(7), slider(7, 'gain', 0.5), ownDelete(7), connect(7)]) {
      say('a', text);
    }
    router.controllerClosed('a');
    expect(textsTo('i')).toEqual([
      '{"type":"connect","sliderId":7,"slot":1}',
      '{"type":"update","sliderId":7,"slot":1,"x":0.5,"y":-0.25,"speed":56,"angle":333}',
      '{"type":"slider","sliderId":7,"slot":1,"name":"gain","value":0.5}',
      '{"type":"delete","sliderId":7,"slot":1}',
      '{"type":"connect","sliderId":7,"slot":1}',
      '{"type":"delete","sliderId":7,"slot":1,"reason":"disconnect"}',
    ]);
  });

  it('gives users slots 1, 2, 3 as they connect, and tells each phone its own right after its connect', () => {
    const { router, sent, join, say } = recordingRouter();
    router.installationOpened('i');
    join('a', 30);
    join('b', 10);
    router.controllerOpened('c');
    router.installationMessage('i', '{"type":"send","to":"all","event":"text","data":"early"}');
    say('c', connect(20));
    router.installationMessage('i', '{"type":"send","to":20,"event":"text","data":"hi"}');
    expect(sent).toEqual([
      { to: 'i', text: at(connect(30), 1) },
      { to: 'a', text: slotEvent(1) },
      { to: 'i', text: at(connect(10), 2) },
      { to: 'b', text: slotEvent(2) },
      { to: 'a', text: '{"event":"text","data":"early"}' },
      { to: 'b', text: '{"event":"text","data":"early"}' },
      { to: 'c', text: '{"event":"text","data":"early"}' },
      { to: 'i', text: at(connect(20), 3) },
      { to: 'c', text: slotEvent(3) },
      { to: 'c', text: '{"event":"text","data":"hi"}' },
    ]);
  });

  it('gives a newcomer the smallest free slot, whether the user before left by delete or by disconnect', () => {
    const { router, textsTo, join, say } = recordingRouter();
    router.installationOpened('i');
    join('a', 1);
    join('b', 2);
    join('c', 3);
    say('b', ownDelete(2));
    router.controllerClosed('a');
    join('d', 4);
    join('e', 5);
    join('f', 6);
    expect(textsTo('i').slice(3)).toEqual([
      at(ownDelete(2), 2),
      at(disconnect(1), 1),
      at(connect(4), 1),
      at(connect(5), 2),
      at(connect(6), 4),
    ]);
    expect(['d', 'e', 'f'].map((phone) => textsTo(phone))).toEqual([
      [slotEvent(1)],
      [slotEvent(2)],
      [slotEvent(4)],
    ]);
  });

  it('gives a returning user their old slot while it is still free, on the same socket or a new one', () => {
    const { router, textsTo, join, say } = recordingRouter();
    router.installationOpened('i');
    join('a', 1);
    join('b', 2);
    join('c', 3);
    say('a', ownDelete(1));
    router.controllerClosed('c');
    // Slot 1 is the smallest free, but user 3 had slot 3.
    join('c2', 3);
    say('a', connect(1));
    expect(textsTo('i').slice(3)).toEqual([
      at(ownDelete(1), 1),
      at(disconnect(3), 3),
      at(connect(3), 3),
      at(connect(1), 1),
    ]);
    expect(textsTo('c2')).toEqual([slotEvent(3)]);
    expect(textsTo('a')).toEqual([slotEvent(1), slotEvent(1)]);
  });

  it('gives a returning user the smallest free slot when their old one was taken meanwhile', () => {
    const { router, textsTo, join } = recordingRouter();
    router.installationOpened('i');
    join('a', 1);
    join('b', 2);
    join('c', 3);
    router.controllerClosed('b');
    join('d', 4);
    join('b2', 2);
    expect(textsTo('i').slice(4)).toEqual([at(connect(4), 2), at(connect(2), 4)]);
    expect(textsTo('b2')).toEqual([slotEvent(4)]);
  });

  it('keeps the slot of a user whose tab moved to a new socket, with no delete between', () => {
    const { router, textsTo, join, say } = recordingRouter();
    router.installationOpened('i');
    join('a', 1);
    join('old', 7);
    join('new', 7);
    router.controllerClosed('old');
    join('b', 2);
    say('new', update(7, 0.2));
    router.controllerClosed('new');
    expect(textsTo('i')).toEqual([
      at(connect(1), 1),
      at(connect(7), 2),
      at(connect(7), 2),
      at(connect(2), 3),
      at(update(7, 0.2), 2),
      at(disconnect(7), 2),
    ]);
    expect(textsTo('old')).toEqual([slotEvent(2)]);
    expect(textsTo('new')).toEqual([slotEvent(2)]);
  });

  it('replays every live user with their slot to an installation that joins late', () => {
    const { router, textsTo, join, say } = recordingRouter();
    join('a', 1);
    join('b', 2);
    join('c', 3);
    say('c', update(3, 0.1));
    say('a', ownDelete(1));
    say('b', slider(2, 'gain', 0.3));
    router.installationOpened('late');
    expect(textsTo('late')).toEqual([
      at(connect(2), 2),
      at(slider(2, 'gain', 0.3), 2),
      at(connect(3), 3),
      at(update(3, 0.1), 3),
    ]);
  });

  it('sends to the phone whose user holds the slot a send names', () => {
    const { router, sent, join } = recordingRouter();
    join('a', 10);
    join('b', 20);
    join('c', 30);
    router.installationOpened('i');
    sent.length = 0;
    router.installationMessage('i', '{"type":"send","slot":2,"event":"color","data":"#00ff00"}');
    router.installationMessage('i', '{"type":"send","slot":3,"event":"vibrate"}');
    expect(sent).toEqual([
      { to: 'b', text: '{"event":"color","data":"#00ff00"}' },
      { to: 'c', text: '{"event":"vibrate","data":null}' },
    ]);
    expect(router.stats().dropped).toEqual({});
  });

  it('sends to whoever holds a slot now, and drops a send to a slot nobody holds as no-such-user', () => {
    const { router, sent, join, say } = recordingRouter();
    router.installationOpened('i');
    join('a', 10);
    join('b', 20);
    say('b', ownDelete(20));
    sent.length = 0;
    router.installationMessage('i', '{"type":"send","slot":2,"event":"text","data":"gone"}');
    router.installationMessage('i', '{"type":"send","slot":9,"event":"text","data":"never"}');
    expect(sent).toEqual([]);
    expect(router.stats().dropped).toEqual({ 'no-such-user': 2 });
    join('c', 30);
    sent.length = 0;
    router.installationMessage('i', '{"type":"send","slot":2,"event":"text","data":"you"}');
    expect(sent).toEqual([{ to: 'c', text: '{"event":"text","data":"you"}' }]);
  });

  it.each([
    ['both a to and a slot', '{"type":"send","to":10,"slot":1,"event":"text","data":"x"}'],
    ['"to":"all" and a slot', '{"type":"send","to":"all","slot":1,"event":"text","data":"x"}'],
    ['slot 0', '{"type":"send","slot":0,"event":"text","data":"x"}'],
    ['a fractional slot', '{"type":"send","slot":1.5,"event":"text","data":"x"}'],
    ['a slot given as a string', '{"type":"send","slot":"1","event":"text","data":"x"}'],
    ['a slot of null', '{"type":"send","slot":null,"event":"text","data":"x"}'],
  ])('drops a send with %s as bad-field', (_, text) => {
    const { router, sent, join } = recordingRouter();
    join('a', 10);
    router.installationOpened('i');
    sent.length = 0;
    router.installationMessage('i', text);
    expect(sent).toEqual([]);
    expect(router.stats().dropped).toEqual({ 'bad-field': 1 });
  });

  it('sends every live user’s delete with their slot when it stops', () => {
    const { router, textsTo, join, say } = recordingRouter();
    router.installationOpened('i');
    join('a', 1);
    join('b', 2);
    join('c', 3);
    say('a', ownDelete(1));
    router.stop();
    expect(textsTo('i').slice(4)).toEqual([at(disconnect(2), 2), at(disconnect(3), 3)]);
    expect(router.stats().users).toBe(0);
  });
});
