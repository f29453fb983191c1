import { describe, expect, it } from 'vitest';
import { httpUrlOfSocket, readConfig, relayLabel } from '../../src/config';

const httpPage = { protocol: 'http:', host: '192.168.1.20:8080' };
const httpsPage = { protocol: 'https:', host: 'crowdstick.example.org' };

describe('readConfig', () => {
  it('uses the defaults without parameters', () => {
    expect(readConfig('', httpPage)).toEqual({
      wsUrl: 'ws://192.168.1.20:8080/ws',
      rate: 30,
      idleSeconds: 10,
      sliders: ['slider'],
      problems: [],
    });
  });

  it('uses wss: for the default socket on an https: page', () => {
    expect(readConfig('?', httpsPage).wsUrl).toBe('wss://crowdstick.example.org/ws');
  });

  it.each([
    ['?ws=wss://relay.example.org/ws', 'wss://relay.example.org/ws'],
    ['?ws=ws%3A%2F%2F10.0.0.5%3A9000%2Fws', 'ws://10.0.0.5:9000/ws'],
    ['?ws=wss://relay.example.org/ws%23part', 'wss://relay.example.org/ws'],
    ['?ws=', 'ws://192.168.1.20:8080/ws'],
  ])('takes the socket from %s', (search, wsUrl) => {
    expect(readConfig(search, httpPage)).toMatchObject({ wsUrl, problems: [] });
  });

  it.each(['?ws=http://relay.example.org/ws', '?ws=relay.example.org', '?ws=wss://'])(
    'falls back to the same-origin socket and says so for %s',
    (search) => {
      const config = readConfig(search, httpPage);
      expect(config.wsUrl).toBe('ws://192.168.1.20:8080/ws');
      expect(config.problems).toHaveLength(1);
      expect(config.problems[0]).toMatch(
        /^Ignored ws=.*ws:\/\/ or wss:\/\/.*ws:\/\/192\.168\.1\.20:8080\/ws\.$/,
      );
    },
  );

  it.each([
    ['?rate=1', 1],
    ['?rate=120', 120],
    ['?rate=2.5', 2.5],
    ['?rate=', 30],
  ])('reads %s as rate %f', (search, rate) => {
    expect(readConfig(search, httpPage)).toMatchObject({ rate, problems: [] });
  });

  it.each(['?rate=0', '?rate=121', '?rate=fast', '?rate=Infinity'])(
    'keeps the default rate and says so for %s',
    (search) => {
      const config = readConfig(search, httpPage);
      expect(config.rate).toBe(30);
      expect(config.problems).toEqual([
        expect.stringMatching(
          /^Ignored rate=".*": it must be a number from 1 to 120, so the page uses 30\.$/,
        ),
      ]);
    },
  );

  it.each([
    ['?idle=1', 1],
    ['?idle=3600', 3600],
    ['?idle=45', 45],
  ])('reads %s as an idle time of %i s', (search, idleSeconds) => {
    expect(readConfig(search, httpPage)).toMatchObject({ idleSeconds, problems: [] });
  });

  it.each(['?idle=0', '?idle=0.5', '?idle=3601', '?idle=never'])(
    'keeps the default idle time and says so for %s',
    (search) => {
      const config = readConfig(search, httpPage);
      expect(config.idleSeconds).toBe(10);
      expect(config.problems).toEqual([
        expect.stringMatching(/^Ignored idle=.*from 1 to 3600.*uses 10\.$/),
      ]);
    },
  );

  it.each<[string, string[]]>([
    ['?sliders=', []],
    ['?sliders=gain', ['gain']],
    ['?sliders=gain,pan', ['gain', 'pan']],
    ['?sliders=%20gain%20,%20pan%20', ['gain', 'pan']],
    ['?sliders=gain,,pan,', ['gain', 'pan']],
    ['?sliders=gain,pan,gain', ['gain', 'pan']],
    ['?sliders=a,b,c,d', ['a', 'b', 'c', 'd']],
    ['?sliders=a,b,a,c,d', ['a', 'b', 'c', 'd']],
  ])('reads %s as the sliders %j', (search, sliders) => {
    expect(readConfig(search, httpPage)).toMatchObject({ sliders, problems: [] });
  });

  it('leaves out a fifth slider and any after it, with a problem each', () => {
    const config = readConfig('?sliders=a,b,c,d,e,f', httpPage);
    expect(config.sliders).toEqual(['a', 'b', 'c', 'd']);
    expect(config.problems).toEqual([
      'Left out the slider "e": at most 4 sliders fit.',
      'Left out the slider "f": at most 4 sliders fit.',
    ]);
  });

  it('leaves out a slider name that is too long or has a control character, with a problem each', () => {
    const long = 'x'.repeat(33);
    const config = readConfig(`?sliders=gain,${long},bad%07bell`, httpPage);
    expect(config.sliders).toEqual(['gain']);
    expect(config.problems).toHaveLength(2);
    expect(config.problems[0]).toMatch(
      /^Left out the slider "x{33}": a name has 1 to 32 characters/,
    );
    expect(config.problems[1]).toMatch(/^Left out the slider "bad\\u0007bell"/);
  });

  it('collects the problems of several parameters', () => {
    const config = readConfig('?ws=nope&rate=0&idle=-1&sliders=a,b,c,d,e', httpsPage);
    expect(config).toMatchObject({
      wsUrl: 'wss://crowdstick.example.org/ws',
      rate: 30,
      idleSeconds: 10,
      sliders: ['a', 'b', 'c', 'd'],
    });
    expect(config.problems).toHaveLength(4);
  });
});

describe('relayLabel', () => {
  it.each([
    ["the page's own /ws", 'ws://192.168.1.20:8080/ws', null],
    ['another host', 'wss://relay.example.org/ws', 'relay.example.org'],
    ['another port', 'ws://192.168.1.20:9000/ws', '192.168.1.20:9000'],
    ['another path', 'wss://example.org/crowdstick/ws', 'example.org/crowdstick/ws'],
  ])('names %s', (_name, wsUrl, label) => {
    expect(relayLabel(wsUrl, httpPage)).toBe(label);
  });
});

describe('httpUrlOfSocket', () => {
  it.each([
    ['ws://192.168.1.20:8080/ws', 'http://192.168.1.20:8080/ws'],
    ['wss://relay.example.org/ws?x=1', 'https://relay.example.org/ws?x=1'],
  ])('gives %s as %s', (wsUrl, httpUrl) => {
    expect(httpUrlOfSocket(wsUrl)).toBe(httpUrl);
  });
});
