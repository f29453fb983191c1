import { describe, expect, it } from 'vitest';
import { createPhone } from '../../cli/simulate/phone';
import { seededRandom } from '../../cli/simulate/random';
import { relayTest } from '../helpers/relayTest';
import type { Received } from '../helpers/wsClient';

const relays = relayTest();

const pause = () => new Promise((resolve) => setTimeout(resolve, 2));

describe('a simulated phone', () => {
  it('goes idle and away, and comes back, over three minutes of its own clock', async () => {
    // The phone's clock runs fast here, so the relay lets it send faster than a page may.
    const { relay, installation } = await relays.startWatched([
      '--no-app',
      '--phone-rate',
      '10000',
      '--phone-burst',
      '10000',
    ]);
    const tickMs = 1000 / 30;
    const phone = createPhone(
      {
        url: relay.phoneSocketUrl,
        sliders: ['zoom'],
        buttons: ['fire', 'jump'],
        tickMs,
        idleMs: 10_000,
        random: seededRandom(21),
      },
      0,
    );
    relays.later(() => phone.stop());
    const states = new Set<string>();
    for (let now = 0, ticks = 0; now < 180_000; ticks++) {
      phone.tick(now);
      states.add(phone.state());
      // A socket opening takes real time: the phone's clock waits for it.
      if (phone.state() === 'waiting') await pause();
      else now += tickMs;
      if (ticks % 20 === 0) await pause();
    }
    await phone.stop();
    await relay.waitForHealth((health) => health.users === 0 && health.controllers === 0);

    const events = installation.received.filter((m: Received) => m.sliderId === phone.id);
    const kinds = events.map((m: Received) => m.type);
    expect(states).toContain('idle');
    expect(states).toContain('away');
    const joins = kinds.filter((kind: string) => kind === 'connect').length;
    expect(joins).toBeGreaterThanOrEqual(3);
    expect(kinds.filter((kind: string) => kind === 'delete').length).toBe(joins);
    // Connect and delete take turns, and nothing comes while the visitor is gone.
    let present = false;
    for (const kind of kinds) {
      if (kind === 'connect') {
        expect(present).toBe(false);
        present = true;
      } else {
        expect(present).toBe(true);
        if (kind === 'delete') present = false;
      }
    }
    expect(kinds).toContain('slider');
    // Every press let go before the visitor leaves, and no release without its press.
    const down = new Set<string>();
    for (const event of events) {
      if (event.type === 'button' && event.pressed) {
        expect(down.has(event.name)).toBe(false);
        down.add(event.name);
      } else if (event.type === 'button') {
        expect(down.delete(event.name)).toBe(true);
      } else if (event.type === 'delete') {
        expect([...down]).toEqual([]);
      }
    }
    expect(events.filter((m: Received) => m.type === 'button').length).toBeGreaterThan(4);
    // Each release puts the stick back at rest.
    expect(events.some((m: Received) => m.type === 'update' && m.speed === 0)).toBe(true);
  });
});
