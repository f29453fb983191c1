/**
 * The layout of PROTOCOL.md ("Layouts"): what a phone shows. Checked by the
 * page for every layout it gets and by the relay for `--layout FILE`, with
 * one checker, so both say the same thing about the same mistake. No DOM, no
 * Node: the relay compiles this file too.
 */
import { MAX_SLIDERS } from './protocol.js';

export const MAX_BUTTONS = 4;
/** The most characters of a control's name: as for slider names on the wire. */
export const MAX_CONTROL_NAME_LENGTH = 32;
/** The most characters of a button's label and of the title: one short line at 320 px. */
export const MAX_LABEL_LENGTH = 32;
export const MAX_TITLE_LENGTH = 60;
/** The widest deadzone, as a fraction of the radius: wider would leave little stick. */
export const MAX_DEADZONE = 0.5;

export type StickMode = 'fixed' | 'floating';
export type StickAxis = 'both' | 'x' | 'y';

/** How the stick behaves; every field has its default filled in. */
export interface StickSpec {
  /** `fixed`: the base stays put; `floating`: it appears where the thumb lands. */
  mode: StickMode;
  /** 0 ..= 0.5 of the radius, inside which the stick reads 0,0,0,0. */
  deadzone: number;
  /** Which axes count; the other reads 0. */
  axis: StickAxis;
  /** Driven by the phone's orientation, the touch stick the fallback. */
  tilt: boolean;
}

export interface SliderSpec {
  name: string;
  /** Where the slider starts, 0 ..= 1. */
  value: number;
}

export interface ButtonSpec {
  name: string;
  /** What the button shows: the name when the layout gives none. */
  label: string;
}

/** A checked layout, every default filled in. */
export interface Layout {
  title: string | null;
  /** Null for no stick. */
  stick: StickSpec | null;
  sliders: SliderSpec[];
  buttons: ButtonSpec[];
}

export const DEFAULT_STICK: StickSpec = Object.freeze({
  mode: 'fixed',
  deadzone: 0,
  axis: 'both',
  tilt: false,
});

/** What a phone shows when nothing says otherwise: a fixed stick and one slider named `slider`. */
export const DEFAULT_LAYOUT: Layout = Object.freeze({
  title: null,
  stick: DEFAULT_STICK,
  sliders: Object.freeze([Object.freeze({ name: 'slider', value: 0 })]) as SliderSpec[],
  buttons: Object.freeze([]) as unknown as ButtonSpec[],
});

/** The checker's answer: the layout with its defaults, or which field is wrong and why. */
export type LayoutCheck = { ok: true; layout: Layout } | { ok: false; field: string; why: string };

const CONTROL_NAME = /^[\p{L}\p{N}_-]+$/u;

/** A control's name: 1 to 32 characters of letters, digits, `_` and `-`. */
export function isControlName(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    value.length >= 1 &&
    value.length <= MAX_CONTROL_NAME_LENGTH &&
    CONTROL_NAME.test(value)
  );
}

/** Thrown inside the checker only, and always caught by `checkLayout`. */
class LayoutProblem {
  constructor(
    readonly field: string,
    readonly why: string,
  ) {}
}

const fail = (field: string, why: string): never => {
  throw new LayoutProblem(field, why);
};

/** A value as a message shows it: short, and unambiguous about its type. */
function shown(value: unknown): string {
  if (value === undefined) return 'nothing';
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function record(value: unknown, field: string): Record<string, unknown> {
  if (!isRecord(value)) fail(field, `must be an object, got ${shown(value)}`);
  return value as Record<string, unknown>;
}

/** Text that is not blank and has no control characters, at most `max` characters. */
function text(value: unknown, field: string, max: number): string {
  const ok =
    typeof value === 'string' &&
    value.trim() !== '' &&
    Array.from(value).length <= max &&
    // eslint-disable-next-line no-control-regex
    !/[\u0000-\u001f\u007f]/.test(value);
  if (!ok) fail(field, `must be text of 1 to ${max} characters, got ${shown(value)}`);
  return value as string;
}

function numberIn(value: unknown, field: string, min: number, max: number): number {
  const ok = typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max;
  if (!ok) fail(field, `must be a number from ${min} to ${max}, got ${shown(value)}`);
  return value as number;
}

function oneOf<T extends string>(value: unknown, field: string, choices: readonly T[]): T {
  if (!choices.includes(value as T)) {
    fail(field, `must be ${choices.map((c) => `"${c}"`).join(', ')}, got ${shown(value)}`);
  }
  return value as T;
}

function checkStick(value: unknown): StickSpec | null {
  if (value === undefined || value === null) return null;
  const raw = record(value, 'stick');
  const tilt = raw.tilt ?? false;
  if (typeof tilt !== 'boolean') fail('stick.tilt', `must be true or false, got ${shown(tilt)}`);
  return {
    mode: oneOf(raw.mode ?? 'fixed', 'stick.mode', ['fixed', 'floating']),
    deadzone: numberIn(raw.deadzone ?? 0, 'stick.deadzone', 0, MAX_DEADZONE),
    axis: oneOf(raw.axis ?? 'both', 'stick.axis', ['both', 'x', 'y']),
    tilt: tilt as boolean,
  };
}

/** A list of up to `max` controls, each an object with a unique name, read by `read`. */
function checkList<T>(
  value: unknown,
  kind: 'sliders' | 'buttons',
  max: number,
  read: (raw: Record<string, unknown>, field: string, name: string) => T,
): T[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) fail(kind, `must be a list, got ${shown(value)}`);
  const list = value as unknown[];
  if (list.length > max) fail(kind, `may have at most ${max}, got ${list.length}`);
  const names = new Set<string>();
  return list.map((item, index) => {
    const field = `${kind}[${index}]`;
    const raw = record(item, field);
    const name = raw.name;
    if (!isControlName(name)) {
      fail(
        `${field}.name`,
        `must be 1 to ${MAX_CONTROL_NAME_LENGTH} letters, digits, "_" or "-", got ${shown(name)}`,
      );
    }
    if (names.has(name as string)) fail(`${field}.name`, `repeats the name ${shown(name)}`);
    names.add(name as string);
    return read(raw, field, name as string);
  });
}

/**
 * Checks a layout (already parsed JSON) against PROTOCOL.md and rebuilds it
 * from the checked fields with every default filled in, so unknown fields
 * (ignored, as on the wire) never travel further. The first problem found is
 * reported: the field as a path (`buttons[1].name`) and why, in words.
 */
export function checkLayout(value: unknown): LayoutCheck {
  try {
    const raw = record(value, 'layout');
    const title =
      raw.title === undefined || raw.title === null
        ? null
        : text(raw.title, 'title', MAX_TITLE_LENGTH);
    const stick = checkStick(raw.stick);
    const sliders = checkList(raw.sliders, 'sliders', MAX_SLIDERS, (item, field, name) => ({
      name,
      value: numberIn(item.value ?? 0, `${field}.value`, 0, 1),
    }));
    const buttons = checkList(raw.buttons, 'buttons', MAX_BUTTONS, (item, field, name) => ({
      name,
      label: item.label === undefined ? name : text(item.label, `${field}.label`, MAX_LABEL_LENGTH),
    }));
    return { ok: true, layout: { title, stick, sliders, buttons } };
  } catch (problem) {
    if (problem instanceof LayoutProblem) {
      return { ok: false, field: problem.field, why: problem.why };
    }
    throw problem;
  }
}

/** A refused layout in one sentence: `buttons[1].name must be ...`. */
export const layoutProblemText = (check: { field: string; why: string }): string =>
  `${check.field} ${check.why}`;
