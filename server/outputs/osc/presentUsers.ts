import type { UserState } from '../../core/roster.js';
import type { PresentUser } from './events.js';

/** The roster's users as the OSC refresh reads them; made once a second, so plain copies do. */
export function* presentUsers(states: Iterable<Readonly<UserState>>): Generator<PresentUser> {
  for (const state of states) {
    const sliders = new Map<string, number>();
    for (const [name, message] of state.sliders ?? []) sliders.set(name, message.value);
    const buttons = new Map<string, boolean>();
    for (const [name, message] of state.buttons ?? []) buttons.set(name, message.pressed);
    const update = state.update;
    yield {
      sliderId: state.connect.sliderId,
      slot: state.slot,
      stick: update && { x: update.x, y: update.y, speed: update.speed, angle: update.angle },
      sliders,
      buttons,
    };
  }
}
