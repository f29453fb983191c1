import { describe, expect, it } from 'vitest';
import {
  checkLayout,
  DEFAULT_LAYOUT,
  isControlName,
  layoutProblemText,
} from '../../../src/shared/layout';

const refusal = (value: unknown) => {
  const check = checkLayout(value);
  return check.ok ? 'accepted' : layoutProblemText(check);
};

describe('checkLayout', () => {
  it('fills in every default of an empty layout: no stick, no sliders, no buttons', () => {
    expect(checkLayout({})).toEqual({
      ok: true,
      layout: { title: null, stick: null, sliders: [], buttons: [] },
    });
  });

  it("reads PROTOCOL.md's example whole", () => {
    const example = {
      title: 'Steer the swarm',
      stick: { mode: 'fixed', deadzone: 0.1, axis: 'both', tilt: false },
      sliders: [{ name: 'zoom' }, { name: 'hue', value: 0.5 }],
      buttons: [{ name: 'fire', label: 'Fire!' }],
    };
    expect(checkLayout(example)).toEqual({
      ok: true,
      layout: {
        ...example,
        sliders: [
          { name: 'zoom', value: 0 },
          { name: 'hue', value: 0.5 },
        ],
      },
    });
  });

  it('fills in the stick’s defaults and drops unknown fields', () => {
    expect(checkLayout({ stick: {}, colour: 'red', buttons: [{ name: 'a', size: 3 }] })).toEqual({
      ok: true,
      layout: {
        title: null,
        stick: { mode: 'fixed', deadzone: 0, axis: 'both', tilt: false },
        sliders: [],
        buttons: [{ name: 'a', label: 'a' }],
      },
    });
  });

  it('accepts the default layout as it is', () => {
    expect(checkLayout(DEFAULT_LAYOUT)).toEqual({ ok: true, layout: DEFAULT_LAYOUT });
  });

  it.each([
    ['null', null, 'layout must be an object, got null'],
    ['a list', [], 'layout must be an object, got []'],
    ['a string', 'stick', 'layout must be an object, got "stick"'],
    ['a blank title', { title: '  ' }, 'title must be text of 1 to 60 characters, got "  "'],
    ['a numeric title', { title: 7 }, 'title must be text of 1 to 60 characters, got 7'],
    ['a stick that is no object', { stick: true }, 'stick must be an object, got true'],
    [
      'an unknown mode',
      { stick: { mode: 'wobbly' } },
      'stick.mode must be "fixed", "floating", got "wobbly"',
    ],
    [
      'a deadzone too wide',
      { stick: { deadzone: 0.6 } },
      'stick.deadzone must be a number from 0 to 0.5, got 0.6',
    ],
    [
      'a negative deadzone',
      { stick: { deadzone: -0.1 } },
      'stick.deadzone must be a number from 0 to 0.5, got -0.1',
    ],
    [
      'a deadzone as text',
      { stick: { deadzone: '0.1' } },
      'stick.deadzone must be a number from 0 to 0.5, got "0.1"',
    ],
    ['an unknown axis', { stick: { axis: 'z' } }, 'stick.axis must be "both", "x", "y", got "z"'],
    ['tilt as text', { stick: { tilt: 'yes' } }, 'stick.tilt must be true or false, got "yes"'],
    ['sliders that are no list', { sliders: 5 }, 'sliders must be a list, got 5'],
    [
      'five sliders',
      { sliders: ['a', 'b', 'c', 'd', 'e'].map((name) => ({ name })) },
      'sliders may have at most 4, got 5',
    ],
    [
      'a slider that is no object',
      { sliders: ['zoom'] },
      'sliders[0] must be an object, got "zoom"',
    ],
    [
      'a slider without a name',
      { sliders: [{ value: 1 }] },
      'sliders[0].name must be 1 to 32 letters, digits, "_" or "-", got nothing',
    ],
    [
      'a slider name with a space',
      { sliders: [{ name: 'a' }, { name: 'two words' }] },
      'sliders[1].name must be 1 to 32 letters, digits, "_" or "-", got "two words"',
    ],
    [
      'a slider value past 1',
      { sliders: [{ name: 'a', value: 1.5 }] },
      'sliders[0].value must be a number from 0 to 1, got 1.5',
    ],
    [
      'a repeated slider name',
      { sliders: [{ name: 'a' }, { name: 'a' }] },
      'sliders[1].name repeats the name "a"',
    ],
    [
      'five buttons',
      { buttons: ['a', 'b', 'c', 'd', 'e'].map((name) => ({ name })) },
      'buttons may have at most 4, got 5',
    ],
    [
      'a button name of 33 characters',
      { buttons: [{ name: 'x'.repeat(33) }] },
      `buttons[0].name must be 1 to 32 letters, digits, "_" or "-", got "${'x'.repeat(33)}"`,
    ],
    [
      'a name too long to show whole',
      { buttons: [{ name: 'y'.repeat(50) }] },
      `buttons[0].name must be 1 to 32 letters, digits, "_" or "-", got "${'y'.repeat(39)}…`,
    ],
    [
      'a repeated button name',
      { buttons: [{ name: 'go' }, { name: 'stop' }, { name: 'go' }] },
      'buttons[2].name repeats the name "go"',
    ],
    [
      'an empty label',
      { buttons: [{ name: 'go', label: '' }] },
      'buttons[0].label must be text of 1 to 32 characters, got ""',
    ],
    [
      'a label with a line break',
      { buttons: [{ name: 'go', label: 'a\nb' }] },
      'buttons[0].label must be text of 1 to 32 characters, got "a\\nb"',
    ],
  ])('refuses %s, naming the field and why', (_name, value, expected) => {
    expect(refusal(value)).toBe(expected);
  });

  it('lets a slider and a button share a name: unique within their kind', () => {
    expect(refusal({ sliders: [{ name: 'go' }], buttons: [{ name: 'go' }] })).toBe('accepted');
  });

  it('reports the first problem only, in the order of the schema', () => {
    expect(refusal({ stick: { axis: 'z' }, buttons: 3 })).toBe(
      'stick.axis must be "both", "x", "y", got "z"',
    );
  });
});

describe('isControlName', () => {
  it.each(['a', 'fire', 'Fire_2', 'left-stick', 'x'.repeat(32), 'höhe', '音量'])(
    'accepts %j',
    (name) => {
      expect(isControlName(name)).toBe(true);
    },
  );
  it.each(['', 'x'.repeat(33), 'two words', 'a,b', 'a.b', 'tab\t', 7, null])(
    'refuses %j',
    (name) => {
      expect(isControlName(name)).toBe(false);
    },
  );
});
