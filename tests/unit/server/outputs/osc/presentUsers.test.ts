import { describe, expect, it } from 'vitest';
import { presentUsers } from '../../../../../server/outputs/osc/presentUsers';
import { createRoster } from '../../../../../server/core/roster';
import {
  buttonMessage,
  connectMessage,
  sliderMessage,
  updateMessage,
} from '../../../../../src/shared/protocol';
import { slotted } from '../../../../helpers/slotted';

describe('presentUsers', () => {
  it('reads each user’s stick, sliders and buttons from the roster, for the OSC refresh', () => {
    const roster = createRoster();
    roster.apply(slotted(connectMessage(5), 2));
    roster.apply(slotted(connectMessage(6), 3));
    roster.apply(slotted(updateMessage(5, { x: 0.5, y: -0.5, speed: 71, angle: 315 }), 2));
    roster.apply(slotted(sliderMessage(5, 'zoom', 0.25), 2));
    roster.apply(slotted(buttonMessage(5, 'fire', true), 2));
    roster.apply(slotted(buttonMessage(5, 'jump', false), 2));
    expect([...presentUsers(roster.states())]).toEqual([
      {
        sliderId: 5,
        slot: 2,
        stick: { x: 0.5, y: -0.5, speed: 71, angle: 315 },
        sliders: new Map([['zoom', 0.25]]),
        buttons: new Map([
          ['fire', true],
          ['jump', false],
        ]),
      },
      { sliderId: 6, slot: 3, stick: null, sliders: new Map(), buttons: new Map() },
    ]);
  });
});
