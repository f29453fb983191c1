import { describe, expect, it } from 'vitest';
import { kickReason } from '../../../src/shared/protocol';
import { readClose, statusOfRefusal, type CloseVerdict } from '../../../src/store/closeCodes';

const NOW = 1_700_000_000_000;

describe('readClose', () => {
  it.each<[string, number | undefined, string, CloseVerdict]>([
    [
      '1013 (full): patient, and full',
      1013,
      'full',
      { pace: 'patient', refusal: { kind: 'full' } },
    ],
    [
      '1008 (policy): patient, with the reason',
      1008,
      'too many messages',
      { pace: 'patient', refusal: { kind: 'policy', reason: 'too many messages' } },
    ],
    [
      '1008 without a reason',
      1008,
      '',
      { pace: 'patient', refusal: { kind: 'policy', reason: '' } },
    ],
    [
      '4001 (kicked): patient, until the seconds of its reason are up',
      4001,
      kickReason(42),
      { pace: 'patient', refusal: { kind: 'kicked', untilMs: NOW + 42_000 } },
    ],
    [
      '4001 with a reason of no seconds: kicked until now',
      4001,
      'removed',
      { pace: 'patient', refusal: { kind: 'kicked', untilMs: NOW } },
    ],
    ['1001 (going away): soon', 1001, 'relay shutting down', { pace: 'soon', refusal: null }],
    ['1006 (no close frame): keeps the pace', 1006, '', { pace: null, refusal: null }],
    ['no code at all: keeps the pace', undefined, '', { pace: null, refusal: null }],
    ['1000 (normal): keeps the pace', 1000, '', { pace: null, refusal: null }],
    ['1011 (server error): keeps the pace', 1011, '', { pace: null, refusal: null }],
    ['4000 (replaced): keeps the pace', 4000, 'replaced', { pace: null, refusal: null }],
  ])('reads %s', (_name, code, reason, verdict) => {
    expect(readClose(code, reason, NOW)).toEqual(verdict);
  });
});

describe('statusOfRefusal', () => {
  it.each([
    [{ kind: 'full' } as const, 'full'],
    [{ kind: 'policy', reason: 'too many messages' } as const, 'refused'],
    [{ kind: 'kicked', untilMs: NOW } as const, 'refused'],
    [{ kind: 'origin' } as const, 'refused'],
  ])('shows %o as %s', (refusal, status) => {
    expect(statusOfRefusal(refusal)).toBe(status);
  });
});
