/** The relay's command line read into options, with every flag's check from the option table. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { fail, type GivenFlags } from './optionChecks.js';
import { JOINT_CHECKS, OPTION_TABLE, type OptionEntry } from './optionTable.js';
import type { CommandLine } from './options.js';

/** node:util parseArgs's view of the table: which flags take a value. */
const PARSE_ARGS_OPTIONS: NonNullable<ParseArgsConfig['options']> = Object.fromEntries(
  OPTION_TABLE.map((entry) => [
    entry.flag,
    {
      type: entry.value.kind === 'switch' ? 'boolean' : 'string',
      ...(entry.repeatable ? { multiple: true } : {}),
      ...(entry.short !== undefined ? { short: entry.short } : {}),
    },
  ]),
);

/**
 * Whether the word after a valued option is another option rather than its
 * value. A negative number is a value, so `--port -1` is told its range.
 */
const isOptionLike = (word: string): boolean => word.startsWith('-') && !/^-\d/.test(word);

/** Which flags were given with what, failing on words that are no flag and on missing or extra values. */
function readFlags(argv: readonly string[]): GivenFlags {
  // strict: false plus the checks below, so every mistake gets a short exact message.
  const { tokens } = parseArgs({
    args: [...argv],
    options: PARSE_ARGS_OPTIONS,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const given = new Map<string, string[]>();
  for (const token of tokens) {
    if (token.kind === 'option-terminator') continue;
    if (token.kind === 'positional') fail(`unexpected argument "${token.value}" (see --help)`);
    if (token.kind !== 'option') continue;
    const spec =
      (Object.hasOwn(PARSE_ARGS_OPTIONS, token.name)
        ? PARSE_ARGS_OPTIONS[token.name]
        : undefined) ?? fail(`unknown option "${token.rawName}" (see --help)`);
    const value = token.value;
    if (spec.type === 'boolean') {
      if (value !== undefined) fail(`${token.rawName} takes no value`);
    } else if (value === undefined || (!token.inlineValue && isOptionLike(value))) {
      fail(`${token.rawName} needs a value`);
    }
    given.set(token.name, [...(given.get(token.name) ?? []), value ?? '']);
  }
  return given;
}

/** The value one entry gives its field, or undefined when neither its flag nor its variable is set. */
function valueOf(
  entry: OptionEntry,
  given: readonly string[] | undefined,
  env: Readonly<Record<string, string | undefined>>,
): { value: unknown } | undefined {
  const { value: kind } = entry;
  if (kind.kind === 'switch') return given === undefined ? undefined : { value: kind.to };
  const source = `--${entry.flag}`;
  // A list takes every value given, and is a new array even when empty, never the defaults' own.
  if (entry.repeatable) return { value: (given ?? []).map((text) => kind.read(text, source)) };
  const text = given?.at(-1);
  if (text !== undefined) return { value: kind.read(text, source) };
  if (entry.env === undefined) return undefined;
  // An empty variable counts as unset, as a shell's `PORT= npm start` means.
  const envText = env[entry.env] || undefined;
  return envText === undefined ? undefined : { value: kind.read(envText, entry.env) };
}

/**
 * Reads the command line and environment into options over `defaults`,
 * checking every value. Throws an Error whose message is the exact line to
 * print on a bad option.
 */
export function parseCommandLine(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  defaults: Readonly<CommandLine>,
): CommandLine {
  const given = readFlags(argv);
  for (const check of JOINT_CHECKS) check(given);
  const options: CommandLine = { ...defaults };
  for (const entry of OPTION_TABLE) {
    const set = valueOf(entry, given.get(entry.flag), env);
    if (set === undefined) continue;
    // The table ties each entry's value to its field's type (EntryOf); the loop cannot see that.
    (options as unknown as Record<string, unknown>)[entry.field] = set.value;
    if (given.has(entry.flag)) Object.assign(options, entry.implies);
  }
  return options;
}
