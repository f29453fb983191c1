import { describe, expect, it } from 'vitest';
import { createLayoutMemory } from '../../../../server/core/layoutMemory';

const vote = { stick: null, buttons: [{ name: 'yes' }, { name: 'no' }] };
const wheel = { stick: { mode: 'fixed', axis: 'x' }, sliders: [] };
const text = (data: unknown) => JSON.stringify({ event: 'layout', data });

describe('the layout memory', () => {
  it('owes nothing before any layout was sent', () => {
    expect(createLayoutMemory().owed(1, 0)).toBeNull();
  });

  it('owes the last layout sent to all to a phone that has not had it', () => {
    const memory = createLayoutMemory();
    const first = memory.sent('all', text(vote), vote)!;
    const second = memory.sent('all', text(wheel), wheel)!;
    expect(memory.owed(7, 0)).toEqual({ text: text(wheel), version: second.version });
    expect(memory.owed(7, first.version)?.text).toBe(text(wheel));
    expect(memory.owed(7, second.version)).toBeNull();
  });

  it('owes a user their own layout when it is newer than the one for all, and the one for all once it is newer', () => {
    const memory = createLayoutMemory();
    memory.sent('all', text(vote), vote);
    memory.sent(7, text(wheel), wheel);
    expect(memory.owed(7, 0)?.text).toBe(text(wheel));
    expect(memory.owed(8, 0)?.text).toBe(text(vote));
    memory.sent('all', text(vote), vote);
    expect(memory.owed(7, 0)?.text).toBe(text(vote));
  });

  it('keeps no layout a page could not use', () => {
    const memory = createLayoutMemory();
    const bad = { buttons: [{ name: 'a b' }] };
    expect(memory.sent('all', text(bad), bad)).toBeNull();
    expect(memory.owed(1, 0)).toBeNull();
  });
});
