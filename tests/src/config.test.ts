import { describe, expect, it } from 'vitest';
import { applyKnobs, httpUrlOfSocket, readConfig, relayLabel } from '../../src/config';
import { DEFAULT_LAYOUT, type Layout } from '../../src/shared/layout';

const httpPage = { protocol: 'http:', host: '192.168.1.20:8080' };
const httpsPage = { protocol: 'https:', host: 'crowdstick.example.org' };

describe('readConfig', () => {
  it('uses the defaults without parameters', () => {
    expect(readConfig('', httpPage)).toEqual({
      wsUrl: 'ws://192.168.1.20:8080/ws',
      rate: 30,
      idleSeconds: 10,
      knobs: {},
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
    expect(readConfig(search, httpPage)).toMatchObject({ knobs: { sliders }, problems: [] });
  });

  it('leaves out a fifth slider and any after it, with a problem each', () => {
    const config = readConfig('?sliders=a,b,c,d,e,f', httpPage);
    expect(config.knobs.sliders).toEqual(['a', 'b', 'c', 'd']);
    expect(config.problems).toEqual([
      'Left out the slider "e": at most 4 sliders fit.',
      'Left out the slider "f": at most 4 sliders fit.',
    ]);
  });

  it('leaves out a slider name that is too long or has a character other than letters, digits, _ and -, with a problem each', () => {
    const long = 'x'.repeat(33);
    const config = readConfig(`?sliders=gain,${long},bad%07bell,two%20words,hue_2`, httpPage);
    expect(config.knobs.sliders).toEqual(['gain', 'hue_2']);
    expect(config.problems).toHaveLength(3);
    expect(config.problems[0]).toBe(
      `Left out the slider "${long}": a name has 1 to 32 letters, digits, "_" or "-".`,
    );
    expect(config.problems[1]).toMatch(/^Left out the slider "bad\\u0007bell"/);
    expect(config.problems[2]).toMatch(/^Left out the slider "two words"/);
  });

  it.each<[string, string[]]>([
    ['?buttons=', []],
    ['?buttons=fire', ['fire']],
    ['?buttons=a,b,a,,c,d', ['a', 'b', 'c', 'd']],
  ])('reads %s as the buttons %j', (search, buttons) => {
    expect(readConfig(search, httpPage)).toMatchObject({ knobs: { buttons }, problems: [] });
  });

  it('leaves out a fifth button, with a problem', () => {
    const config = readConfig('?buttons=a,b,c,d,e', httpPage);
    expect(config.knobs.buttons).toEqual(['a', 'b', 'c', 'd']);
    expect(config.problems).toEqual(['Left out the button "e": at most 4 buttons fit.']);
  });

  it.each(['fixed', 'floating', 'tilt', 'none'])('reads stick=%s', (stick) => {
    expect(readConfig(`?stick=${stick}`, httpPage)).toMatchObject({
      knobs: { stick },
      problems: [],
    });
  });

  it('ignores an unknown stick= with a problem, and an empty one without', () => {
    expect(readConfig('?stick=', httpPage)).toMatchObject({ knobs: {}, problems: [] });
    expect(readConfig('?stick=wobbly', httpPage)).toMatchObject({
      knobs: {},
      problems: [
        'Ignored stick="wobbly": it must be fixed, floating, tilt, none, so the layout\'s stick stays.',
      ],
    });
  });

  it('collects the problems of several parameters', () => {
    const config = readConfig('?ws=nope&rate=0&idle=-1&sliders=a,b,c,d,e', httpsPage);
    expect(config).toMatchObject({
      wsUrl: 'wss://crowdstick.example.org/ws',
      rate: 30,
      idleSeconds: 10,
      knobs: { sliders: ['a', 'b', 'c', 'd'] },
    });
    expect(config.problems).toHaveLength(4);
  });
});

describe('applyKnobs', () => {
  const relayLayout: Layout = {
    title: 'Race',
    stick: { mode: 'fixed', deadzone: 0.2, axis: 'x', tilt: false },
    sliders: [{ name: 'gain', value: 0.5 }],
    buttons: [{ name: 'boost', label: 'Boost!' }],
  };

  it('leaves a layout alone without knobs', () => {
    expect(applyKnobs(relayLayout, {})).toEqual(relayLayout);
  });

  it('replaces the sliders and buttons, keeping the start value and label of those the layout has', () => {
    expect(
      applyKnobs(relayLayout, { sliders: ['pan', 'gain'], buttons: ['boost', 'horn'] }),
    ).toEqual({
      ...relayLayout,
      sliders: [
        { name: 'pan', value: 0 },
        { name: 'gain', value: 0.5 },
      ],
      buttons: [
        { name: 'boost', label: 'Boost!' },
        { name: 'horn', label: 'horn' },
      ],
    });
  });

  it.each([
    ['floating', { mode: 'floating', deadzone: 0.2, axis: 'x', tilt: false }],
    ['fixed', { mode: 'fixed', deadzone: 0.2, axis: 'x', tilt: false }],
    ['tilt', { mode: 'fixed', deadzone: 0.2, axis: 'x', tilt: true }],
    ['none', null],
  ] as const)("sets stick=%s, keeping the layout's deadzone and axis", (stick, expected) => {
    expect(applyKnobs(relayLayout, { stick }).stick).toEqual(expected);
  });

  it('gives a layout without a stick the default one for stick=floating', () => {
    const noStick = { ...DEFAULT_LAYOUT, stick: null };
    expect(applyKnobs(noStick, { stick: 'floating' }).stick).toEqual({
      mode: 'floating',
      deadzone: 0,
      axis: 'both',
      tilt: false,
    });
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
