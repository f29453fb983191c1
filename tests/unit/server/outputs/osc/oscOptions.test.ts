import { describe, expect, it } from 'vitest';
import {
  formatTarget,
  parseOscIn,
  parseOscTarget,
} from '../../../../../server/outputs/osc/oscOptions';

describe('parseOscTarget', () => {
  it.each([
    ['127.0.0.1:9000', { host: '127.0.0.1', port: 9000 }],
    ['localhost:1', { host: 'localhost', port: 1 }],
    ['touch-designer.local:65535', { host: 'touch-designer.local', port: 65535 }],
    ['[::1]:9000', { host: '::1', port: 9000 }],
    ['[fe80::1%eth0]:9000', { host: 'fe80::1%eth0', port: 9000 }],
    ['[2001:db8::5]:7000', { host: '2001:db8::5', port: 7000 }],
  ])('reads %j', (text, expected) => {
    expect(parseOscTarget(text)).toEqual(expected);
  });

  it.each([
    '',
    '9000',
    'host',
    ':9000',
    '::1:9000',
    '[::1]',
    '[nope]:9000',
    'a b:9000',
    '999.1.1.1:9000',
    'host:9000:1',
  ])('refuses %j with the exact message', (text) => {
    expect(() => parseOscTarget(text)).toThrow(
      new Error(
        `crowdstick: --osc must be HOST:PORT (e.g. 127.0.0.1:9000 or [::1]:9000), got "${text}"`,
      ),
    );
  });

  it.each(['host:', 'host:0', 'host:65536', 'host:x', 'host:-1', '[::1]:123456'])(
    'refuses the port of %j',
    (text) => {
      const port = text.slice(text.lastIndexOf(':') + 1);
      expect(() => parseOscTarget(text)).toThrow(
        new Error(`crowdstick: --osc port must be an integer in 1..65535, got "${port}"`),
      );
    },
  );
});

describe('parseOscIn', () => {
  it.each([
    ['9001', { host: '127.0.0.1', port: 9001 }],
    ['0', { host: '127.0.0.1', port: 0 }],
    ['0.0.0.0:9001', { host: '0.0.0.0', port: 9001 }],
    ['[::]:9001', { host: '::', port: 9001 }],
    ['localhost:9001', { host: 'localhost', port: 9001 }],
  ])('reads %j', (text, expected) => {
    expect(parseOscIn(text)).toEqual(expected);
  });

  it.each(['', 'x', ':9001', '::1:9001', 'a b:1'])('refuses %j with the exact message', (text) => {
    expect(() => parseOscIn(text)).toThrow(
      new Error(
        `crowdstick: --osc-in must be PORT or HOST:PORT (e.g. 9001 or 0.0.0.0:9001), got "${text}"`,
      ),
    );
  });

  it.each([
    ['65536', '65536'],
    ['0.0.0.0:70000', '70000'],
    ['host:', ''],
  ])('refuses the port of %j', (text, port) => {
    expect(() => parseOscIn(text)).toThrow(
      new Error(`crowdstick: --osc-in port must be an integer in 0..65535, got "${port}"`),
    );
  });
});

describe('formatTarget', () => {
  it('puts an IPv6 address in brackets', () => {
    expect(formatTarget({ host: '::1', port: 9000 })).toBe('[::1]:9000');
    expect(formatTarget({ host: 'localhost', port: 9000 })).toBe('localhost:9000');
  });
});
