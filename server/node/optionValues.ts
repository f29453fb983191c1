/**
 * The kinds of value a relay flag takes: how its text is read into the
 * option's field, and how the field's default is shown in the flag's own unit
 * (seconds, MiB) in `--help` and the README.
 */
import { fail } from './optionChecks.js';

/** A flag that takes no value: giving it sets the field to `to`. */
export interface SwitchValue<T> {
  kind: 'switch';
  to: T;
}

/** A flag with a value. */
export interface TextValue<T> {
  kind: 'text';
  /** The field's value for `text`, or throws the exact line to print; `source` is the flag or variable. */
  read(text: string, source: string): T;
  /** The field's default as a person would give it to the flag; `String` when absent. */
  show?(value: T): string;
}

/** How a flag's value is read, or that it takes none. */
export type OptionValue<T> = SwitchValue<T> | TextValue<T>;

/** A flag that takes no value and sets its field to `to`. */
export const switchTo = <T>(to: T): SwitchValue<T> => ({ kind: 'switch', to });

/** A value checked by one of the named checks (optionChecks.ts, the OSC addresses). */
export const checkedBy = <T>(read: (text: string, source: string) => T): TextValue<T> => ({
  kind: 'text',
  read,
});

/** A TCP port, 0 ..= 65535; 0 picks a free one. */
export const port = (): TextValue<number> => ({
  kind: 'text',
  read(text, source) {
    const value = /^\d{1,5}$/.test(text) ? Number(text) : NaN;
    if (!(value <= 65535)) fail(`${source} must be an integer in 0..65535, got "${text}"`);
    return value;
  },
});

/**
 * A whole number in `min` ..= `max`, as given to the flag; the field holds it
 * times `unit` (`--record-max-mb` is MiB, its field bytes).
 */
export const whole = (min: number, max: number, unit = 1): TextValue<number> => ({
  kind: 'text',
  read(text, source) {
    const value = /^\d{1,10}$/.test(text) ? Number(text) : NaN;
    if (!(value >= min && value <= max)) {
      fail(`${source} must be a whole number from ${min} to ${max}, got "${text}"`);
    }
    return value * unit;
  },
  show: (value) => String(value / unit),
});

/**
 * A duration given in seconds, `min` ..= `max`, kept in milliseconds. Decimals
 * are allowed, so tests can ask for short ones.
 */
export const seconds = (min: number, max: number): TextValue<number> => ({
  kind: 'text',
  read(text, source) {
    const value = /^\d{1,6}(\.\d{1,3})?$/.test(text) ? Number(text) : NaN;
    if (!(value >= min && value <= max)) {
      fail(`${source} must be a number of seconds from ${min} to ${max}, got "${text}"`);
    }
    return Math.round(value * 1000);
  },
  show: (milliseconds) => String(milliseconds / 1000),
});
