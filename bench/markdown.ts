/** A Markdown table from a header row and body rows. */
export function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/**
 * `document` with the `## ` section whose heading starts with `headingStart`
 * (up to the next `## ` heading) replaced by `section`; without one, `section`
 * goes before the section whose heading starts with `before`, or at the end.
 */
export function replaceSection(
  document: string,
  headingStart: string,
  section: string,
  before: string,
): string {
  const starts = [...document.matchAll(/^## /gm)].map((match) => match.index);
  const headingAt = (prefix: string) => starts.find((at) => document.startsWith(prefix, at));
  const at = headingAt(headingStart);
  if (at !== undefined) {
    const end = starts.find((start) => start > at) ?? document.length;
    const rest = document.slice(end);
    return `${document.slice(0, at)}${section.trimEnd()}\n${rest ? `\n${rest}` : ''}`;
  }
  const next = headingAt(before) ?? document.length;
  const tail = document.slice(next);
  return `${document.slice(0, next).trimEnd()}\n\n${section.trimEnd()}\n${tail ? `\n${tail}` : ''}`;
}
