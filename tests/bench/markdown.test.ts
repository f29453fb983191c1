import { describe, expect, it } from 'vitest';
import { replaceSection } from '../../bench/markdown';

const doc = ['# Title', 'intro', '## One', 'one text', '### Sub', 'sub', '## Two', 'two'].join(
  '\n\n',
);

describe('replacing one section of a report', () => {
  it('replaces the section and its subsections up to the next heading of its level', () => {
    expect(replaceSection(doc, '## One', '## One: new\n\nnew text', '## Two')).toBe(
      ['# Title', 'intro', '## One: new', 'new text', '## Two', 'two'].join('\n\n'),
    );
  });

  it('replaces the last section, keeping a final newline', () => {
    expect(replaceSection(`${doc}\n`, '## Two', '## Two\n\nnew', '## None')).toBe(
      `${['# Title', 'intro', '## One', 'one text', '### Sub', 'sub', '## Two', 'new'].join('\n\n')}\n`,
    );
  });

  it('puts a missing section before the one named', () => {
    expect(replaceSection(doc, '## New', '## New\n\nfresh', '## Two')).toBe(
      [
        '# Title',
        'intro',
        '## One',
        'one text',
        '### Sub',
        'sub',
        '## New',
        'fresh',
        '## Two',
        'two',
      ].join('\n\n'),
    );
  });

  it('puts a missing section at the end when the one named is missing too', () => {
    expect(replaceSection('# T\n\ntext\n', '## New', '## New\n\nfresh', '## None')).toBe(
      '# T\n\ntext\n\n## New\n\nfresh\n',
    );
  });
});
