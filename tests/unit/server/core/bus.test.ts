import { describe, expect, it } from 'vitest';
import { createLocalBus } from '../../../../server/core/bus';
import type { RelayOutput } from '../../../../server/core/output';
import type { InstallationEvent } from '../../../../src/shared/protocol';

const connect: InstallationEvent = { type: 'connect', sliderId: 7, slot: 1 };
const move: InstallationEvent = {
  type: 'update',
  sliderId: 7,
  slot: 1,
  x: 0.5,
  y: 0,
  speed: 50,
  angle: 0,
};

describe('the local bus', () => {
  it('hands each event to every output once, in the order published and attached', () => {
    const bus = createLocalBus();
    const heard: string[] = [];
    const output = (name: string): RelayOutput => ({
      publish: (event) => heard.push(`${name} ${event.type}`),
    });
    bus.attach(output('first'));
    bus.attach(output('second'));
    bus.publish(connect);
    bus.publish(move);
    expect(heard).toEqual(['first connect', 'second connect', 'first update', 'second update']);
  });

  it('folds the event into the users’ state before any output hears it', () => {
    const bus = createLocalBus();
    const seen: (number | undefined)[] = [];
    bus.attach({ publish: (event) => seen.push(bus.users.latest(event.sliderId)?.update?.x) });
    bus.publish(connect);
    bus.publish(move);
    expect(seen).toEqual([undefined, 0.5]);
    bus.publish({ type: 'delete', sliderId: 7, slot: 1 });
    expect(bus.users.size).toBe(0);
  });

  it('stops every output that has a stop, in the order attached', () => {
    const bus = createLocalBus();
    const stopped: string[] = [];
    bus.attach({ publish: () => {}, stop: () => stopped.push('first') });
    bus.attach({ publish: () => {} });
    bus.attach({ publish: () => {}, stop: () => stopped.push('third') });
    bus.stop();
    expect(stopped).toEqual(['first', 'third']);
  });
});
