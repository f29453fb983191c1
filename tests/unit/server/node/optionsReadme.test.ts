import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_OPTIONS } from '../../../../server/node/options';
import { defaultText, OPTION_TABLE, type OptionEntry } from '../../../../server/node/optionTable';

const README = readFileSync(new URL('../../../../README.md', import.meta.url), 'utf8');

/** One flag as a README row names it, with the row's default. */
interface ReadmeFlag {
  flag: string;
  placeholder: string | undefined;
  default: string;
}

/** The first table under `## heading`, each row its cells by the header's names. */
function tableUnder(heading: string): Record<string, string>[] {
  const section = README.split(/^## /m).find((text) => text.startsWith(`${heading}\n`)) ?? '';
  const lines = section.split('\n');
  const first = lines.findIndex((line) => line.startsWith('|'));
  const end = lines.findIndex((line, index) => index > first && !line.startsWith('|'));
  const [header = [], , ...rows] = lines.slice(first, end === -1 ? undefined : end).map((line) =>
    line
      .split('|')
      .slice(1, -1)
      .map((cell) => cell.trim()),
  );
  return rows.map((cells) => Object.fromEntries(header.map((name, i) => [name, cells[i] ?? ''])));
}

/** Every flag a table names in its first column (`--cert FILE --key FILE` is two). */
function flagsIn(rows: Record<string, string>[], flagColumn: string): ReadmeFlag[] {
  return rows.flatMap((row) => {
    const spans = [...(row[flagColumn] ?? '').matchAll(/`([^`]+)`/g)].map((match) => match[1]!);
    return spans.flatMap((span) =>
      span.split(/ (?=--)/).map((part) => {
        const named = /^--([a-z][a-z-]*)(?: (\S+))?$/.exec(part);
        if (named === null) throw new Error(`README: cannot read the flag "${part}"`);
        const shown = (row.default ?? '').replaceAll('`', '');
        return { flag: named[1]!, placeholder: named[2], default: shown };
      }),
    );
  });
}

const README_TABLES = {
  options: flagsIn(tableUnder('Run it'), 'option'),
  limits: flagsIn(tableUnder('Relay limits'), 'flag'),
};

/**
 * The flags each README table should hold: the limits under "Relay limits",
 * every other option of the relay in the table under "Run it". `--help` is the
 * command's own, not an option of the relay; the text above the table names it.
 */
const RELAY_TABLES: Record<keyof typeof README_TABLES, OptionEntry[]> = {
  options: OPTION_TABLE.filter((entry) => entry.section !== 'limits' && entry.field !== 'help'),
  limits: OPTION_TABLE.filter((entry) => entry.section === 'limits'),
};

const TABLE_NAMES = ['options', 'limits'] as const;

/** The default as a README cell gives it: a switch is off, a flag with nothing by default says none. */
function readmeDefault(entry: OptionEntry): string {
  const shown = defaultText(entry, { ...DEFAULT_OPTIONS, help: false });
  return shown ?? (entry.value.kind === 'switch' ? 'off' : 'none');
}

describe("the README's option tables", () => {
  it.each(TABLE_NAMES)('name every flag of the relay that belongs in the %s table', (table) => {
    const named = new Set(README_TABLES[table].map((row) => row.flag));
    const missing = RELAY_TABLES[table].filter((entry) => !named.has(entry.flag));
    expect(missing.map((entry) => `--${entry.flag}`)).toEqual([]);
  });

  it.each(TABLE_NAMES)(
    'name no flag in the %s table that the relay does not put there',
    (table) => {
      const flags = new Set(RELAY_TABLES[table].map((entry) => entry.flag));
      const extra = README_TABLES[table].filter((row) => !flags.has(row.flag));
      expect(extra.map((row) => `--${row.flag}`)).toEqual([]);
    },
  );

  it.each(TABLE_NAMES)('give each flag in the %s table the default the relay has', (table) => {
    const entries = new Map(RELAY_TABLES[table].map((entry) => [entry.flag, entry]));
    const known = README_TABLES[table].filter((row) => entries.has(row.flag));
    expect(Object.fromEntries(known.map((row) => [row.flag, row.default]))).toEqual(
      Object.fromEntries(known.map((row) => [row.flag, readmeDefault(entries.get(row.flag)!)])),
    );
  });

  it.each(TABLE_NAMES)('call each value in the %s table what --help calls it', (table) => {
    const entries = new Map(RELAY_TABLES[table].map((entry) => [entry.flag, entry]));
    // A row may leave the value out (`--token`, `--installation-from`); one it names must match.
    const named = README_TABLES[table].filter(
      (row) => row.placeholder !== undefined && entries.has(row.flag),
    );
    expect(Object.fromEntries(named.map((row) => [row.flag, row.placeholder]))).toEqual(
      Object.fromEntries(named.map((row) => [row.flag, entries.get(row.flag)!.placeholder])),
    );
  });
});
