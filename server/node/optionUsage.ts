/** The relay's `--help` text, made from the option table so that it names every flag and default. */
import { defaultText, OPTION_TABLE, type OptionEntry, type OptionSection } from './optionTable.js';
import type { CommandLine } from './options.js';

const HEADINGS: Record<OptionSection, string | null> = {
  main: null,
  limits: 'Limits (see the README\'s "Relay limits"):',
  osc: 'OSC (see the README\'s "OSC"):',
  rehearsal: 'Rehearsal (see the README\'s "Rehearse without a crowd"):',
  cluster: 'More than one process (see the README\'s "More than one process"):',
  command: null,
};

/** Where each help line starts, and the width lines are wrapped to, as a terminal shows them. */
const HELP_COLUMN = 30;
const WIDTH = 100;

/** `--port N`, `-h, --help`. */
function label(entry: OptionEntry): string {
  const name = entry.short !== undefined ? `-${entry.short}, --${entry.flag}` : `--${entry.flag}`;
  return entry.placeholder !== undefined ? `${name} ${entry.placeholder}` : name;
}

/**
 * The words of a flag's description: its help line, then what the table says
 * besides (repeatable, the default, the variable), that last note kept whole.
 */
function descriptionWords(entry: OptionEntry, defaults: CommandLine): string[] {
  const shown = defaultText(entry, defaults);
  const notes = [shown === null ? null : `default: ${shown}`, entry.env && `env ${entry.env}`];
  const note = notes.filter(Boolean).join(', ');
  const help = `${entry.help ?? ''}${entry.repeatable ? '; may be repeated' : ''}`;
  return [...help.split(' '), ...(note === '' ? [] : [`(${note})`])];
}

/** One flag's lines: its label, then its description wrapped under the help column. */
function rowLines(name: string, words: readonly string[]): string[] {
  const lines: string[] = [];
  let line = `  ${name}`;
  if (line.length >= HELP_COLUMN) {
    lines.push(line);
    line = '';
  }
  line = line.padEnd(HELP_COLUMN);
  let empty = true;
  for (const word of words) {
    if (!empty && line.length + 1 + word.length > WIDTH) {
      lines.push(line);
      line = ' '.repeat(HELP_COLUMN);
      empty = true;
    }
    line += empty ? word : ` ${word}`;
    empty = false;
  }
  lines.push(line);
  return lines;
}

/** The usage text for `defaults`: the flags in the table's order, under their sections' headings. */
export function usageText(defaults: CommandLine): string {
  const sections = new Map<OptionSection, { name: string; words: string[] }[]>();
  for (const entry of OPTION_TABLE) {
    const rows = sections.get(entry.section) ?? [];
    sections.set(entry.section, rows);
    const previous = rows.at(-1);
    // `--cert FILE --key FILE`: a flag with no help of its own goes with the one before.
    if (entry.help === undefined && previous !== undefined) previous.name += ` ${label(entry)}`;
    else rows.push({ name: label(entry), words: descriptionWords(entry, defaults) });
  }
  const blocks = [...sections].map(([section, rows]) => {
    const lines = rows.flatMap((row) => rowLines(row.name, row.words));
    const heading = HEADINGS[section];
    return (heading === null ? lines : [heading, ...lines]).join('\n');
  });
  return `Usage: npm start -- [options]\n\n${blocks.join('\n\n')}\n`;
}
