import { describe, expect, it } from 'vitest';
import { statusForFileError } from '../../../../server/node/fileStreams';

describe('statusForFileError', () => {
  it.each([
    ['ENOENT', 404],
    ['ENOTDIR', 404],
    ['EISDIR', 404],
    ['EMFILE', 503],
    ['ENFILE', 503],
    ['EIO', 500],
    [undefined, 500],
  ])('answers %s with %i', (code, status) => {
    expect(statusForFileError(code)).toBe(status);
  });
});
