import { describe, expect, it } from 'vitest';
import { FULL_DETAIL, readClose, type CloseVerdict } from '../../../src/store/closeCodes';

describe('readClose', () => {
  it.each<[string, number | undefined, string, CloseVerdict]>([
    ['1013 (full): patient, and says so', 1013, 'full', { pace: 'patient', detail: FULL_DETAIL }],
    [
      '1008 (policy): patient, with the reason',
      1008,
      'too many messages',
      {
        pace: 'patient',
        detail: 'the relay turned this phone away (too many messages), retrying',
      },
    ],
    [
      '1008 without a reason',
      1008,
      '',
      { pace: 'patient', detail: 'the relay turned this phone away, retrying' },
    ],
    ['1001 (going away): soon', 1001, 'relay shutting down', { pace: 'soon', detail: null }],
    ['1006 (no close frame): keeps the pace', 1006, '', { pace: null, detail: null }],
    ['no code at all: keeps the pace', undefined, '', { pace: null, detail: null }],
    ['1000 (normal): keeps the pace', 1000, '', { pace: null, detail: null }],
    ['1011 (server error): keeps the pace', 1011, '', { pace: null, detail: null }],
    ['4000 (replaced): keeps the pace', 4000, 'replaced', { pace: null, detail: null }],
  ])('reads %s', (_name, code, reason, verdict) => {
    expect(readClose(code, reason)).toEqual(verdict);
  });
});
