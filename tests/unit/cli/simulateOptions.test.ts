import { describe, expect, it } from 'vitest';
import { parseSimulateOptions, phoneSocketUrl } from '../../../cli/simulate/options';

const parse = (...argv: string[]) => parseSimulateOptions(argv);
const relay = ['--relay', 'http://127.0.0.1:8080'];

describe('parseSimulateOptions', () => {
  it('takes the phones and the relay, with the page’s defaults for the rest', () => {
    expect(parse('--phones', '50', ...relay, '--seed', '7')).toEqual({
      phones: 50,
      url: 'ws://127.0.0.1:8080/ws',
      relay: 'http://127.0.0.1:8080',
      seconds: null,
      arrivalSeconds: 5,
      sliders: null,
      buttons: null,
      rate: 30,
      idleSeconds: 10,
      seed: 7,
    });
  });

  it('reads every option', () => {
    expect(
      parse(
        '--phones=3',
        '--relay=https://show.example.org',
        '--seconds=2.5',
        '--arrival=0',
        '--sliders=zoom,hue',
        '--buttons=fire',
        '--rate=10',
        '--idle=1',
        '--seed=0',
      ),
    ).toMatchObject({
      phones: 3,
      url: 'wss://show.example.org/ws',
      seconds: 2.5,
      arrivalSeconds: 0,
      sliders: ['zoom', 'hue'],
      buttons: ['fire'],
      rate: 10,
      idleSeconds: 1,
      seed: 0,
    });
    expect(parse('--phones', '1', ...relay, '--sliders', '')).toMatchObject({ sliders: [] });
  });

  it.each([
    [[...relay], 'crowdstick simulate: --phones N is required (see --help)'],
    [['--phones', '5'], 'crowdstick simulate: --relay URL is required (see --help)'],
    [
      ['--phones', '0', ...relay],
      'crowdstick simulate: --phones must be a whole number in 1..10000, got "0"',
    ],
    [
      ['--phones', '2.5', ...relay],
      'crowdstick simulate: --phones must be a whole number in 1..10000, got "2.5"',
    ],
    [
      ['--phones', '5', '--relay', 'ws://x:1/ws'],
      'crowdstick simulate: --relay must be the relay\'s http:// or https:// address, got "ws://x:1/ws"',
    ],
    [
      ['--phones', '5', '--relay', 'localhost:8080'],
      'crowdstick simulate: --relay must be the relay\'s http:// or https:// address, got "localhost:8080"',
    ],
    [
      ['--phones', '5', ...relay, '--seconds', '0'],
      'crowdstick simulate: --seconds must be a number of seconds in 0.1..2678400, got "0"',
    ],
    [
      ['--phones', '5', ...relay, '--rate', '61'],
      'crowdstick simulate: --rate must be a whole number in 1..60, got "61"',
    ],
    [
      ['--phones', '5', ...relay, '--sliders', 'a,b,c,d,e'],
      'crowdstick simulate: --sliders takes at most 4 names, got 5',
    ],
    [
      ['--phones', '5', ...relay, '--sliders', 'a,a'],
      'crowdstick simulate: --sliders names a slider twice',
    ],
    [
      ['--phones', '5', ...relay, '--buttons', 'fire,fire'],
      'crowdstick simulate: --buttons names a button twice',
    ],
    [
      ['--phones', '5', ...relay, '--buttons', 'big red'],
      'crowdstick simulate: --buttons: "big red" is not a button name (1 to 32 letters, digits, _ and -)',
    ],
  ])('refuses %j with an exact message', (argv, message) => {
    expect(() => parseSimulateOptions(argv)).toThrow(message);
  });

  it('answers --help', () => {
    expect(parse('--help')).toBe('help');
    expect(parse('-h')).toBe('help');
  });
});

describe('phoneSocketUrl', () => {
  it.each([
    ['http://192.168.1.20:8080', 'ws://192.168.1.20:8080/ws'],
    ['http://192.168.1.20:8080/', 'ws://192.168.1.20:8080/ws'],
    ['https://show.example.org/crowd/?sliders=zoom', 'wss://show.example.org/crowd/ws'],
  ])('opens %s the way the page there would: %s', (relayUrl, socket) => {
    expect(phoneSocketUrl(relayUrl)).toBe(socket);
  });
});

describe('parseSimulateOptions, on words it does not know', () => {
  it('names an unknown option, a missing value and a stray word', () => {
    expect(() => parse('--phones', '5', ...relay, '--fast')).toThrow(
      'crowdstick simulate: unknown option "--fast" (see --help)',
    );
    expect(() => parse(...relay, '--phones')).toThrow(
      'crowdstick simulate: --phones needs a value (see --help)',
    );
    expect(() => parse('--phones', '5', ...relay, 'now')).toThrow(
      'crowdstick simulate: unexpected argument "now" (see --help)',
    );
  });
});
