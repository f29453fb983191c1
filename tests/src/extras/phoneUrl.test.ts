import { describe, expect, it } from 'vitest';
import { isLocalOnly, phoneUrlFor } from '../../../src/extras/phoneUrl';

const page = (href: string) => {
  const url = new URL(href);
  return { href, protocol: url.protocol, host: url.host };
};

describe('phoneUrlFor', () => {
  it("keeps the page's own address and options, without the fragment", () => {
    const here = page('http://192.168.1.20:8080/?sliders=zoom#x');
    expect(phoneUrlFor(here, 'ws://192.168.1.20:8080/ws')).toBe(
      'http://192.168.1.20:8080/?sliders=zoom',
    );
  });

  it("adds ?ws= when the socket is not the page's own /ws, so the phone joins the same relay", () => {
    const hosted = page('https://crowdstick.example.org/?sliders=a');
    expect(phoneUrlFor(hosted, 'wss://relay.example.org/ws')).toBe(
      'https://crowdstick.example.org/?sliders=a&ws=wss%3A%2F%2Frelay.example.org%2Fws',
    );
  });
});

describe('isLocalOnly', () => {
  it.each([
    ['http://localhost:8080/', true],
    ['http://app.localhost/', true],
    ['http://127.0.0.1:8080/', true],
    ['http://[::1]:8080/', true],
    ['http://192.168.1.20:8080/', false],
    ['https://crowdstick.example.org/', false],
  ])('tells whether %s works only on this computer: %s', (href, expected) => {
    expect(isLocalOnly(href)).toBe(expected);
  });
});
