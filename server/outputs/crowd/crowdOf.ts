/**
 * The crowd as one thing (PROTOCOL.md, the `crowd` subscription): how many
 * are there, where the room as a whole pushes the stick, where its sliders
 * sit, and how many hold each button. An installation where the whole room
 * steers one boat reads this and needs no script of its own.
 */
import { round3 } from '../../../src/geometry/round.js';
import type { CrowdMessage } from '../../../src/shared/protocol.js';
import type { UserState } from '../../core/roster.js';

/**
 * The crowd of these users (the roster's own records, read in place: this runs
 * many times a second over the whole crowd), means to 3 decimals; an empty
 * room is at rest.
 */
export function crowdOf(users: Iterable<Readonly<UserState>>): CrowdMessage {
  let count = 0;
  let x = 0;
  let y = 0;
  let speed = 0;
  const sliderSums = new Map<string, { sum: number; users: number }>();
  const held = new Map<string, number>();
  for (const user of users) {
    count += 1;
    if (user.update) {
      x += user.update.x;
      y += user.update.y;
      speed += user.update.speed;
    }
    for (const [name, { value }] of user.sliders ?? []) {
      const entry = sliderSums.get(name);
      if (entry) {
        entry.sum += value;
        entry.users += 1;
      } else sliderSums.set(name, { sum: value, users: 1 });
    }
    for (const [name, { pressed }] of user.buttons ?? []) {
      held.set(name, (held.get(name) ?? 0) + (pressed ? 1 : 0));
    }
  }
  const mean = (sum: number, of: number) => (of === 0 ? 0 : round3(sum / of));
  const sliders: Record<string, number> = {};
  for (const [name, { sum, users: of }] of sliderSums) sliders[name] = mean(sum, of);
  return {
    type: 'crowd',
    count,
    x: mean(x, count),
    y: mean(y, count),
    speed: mean(speed, count),
    sliders,
    buttons: Object.fromEntries(held),
  };
}
