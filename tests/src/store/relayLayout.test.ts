import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LAYOUT } from '../../../src/shared/layout';
import { relayLayoutUrl, startLayout } from '../../../src/store/relayLayout';

/** A real HTTP server on port 0 that answers /layout.json as the test says, or never. */
let server: Server;
let answer: { status: number; body: string } | 'never' = { status: 404, body: '' };
let url: string;

beforeAll(async () => {
  server = createServer((_request, response) => {
    if (answer === 'never') return;
    response.writeHead(answer.status, { 'Content-Type': 'application/json' });
    response.end(answer.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}/layout.json`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

async function load(knobs = {}, timeoutMs?: number) {
  const warnings: string[] = [];
  const layout = await startLayout(url, knobs, {
    fetch,
    warn: (line) => warnings.push(line),
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
  });
  return { layout, warnings };
}

describe('relayLayoutUrl', () => {
  it.each([
    ['ws://192.168.1.20:8080/ws', 'http://192.168.1.20:8080/layout.json'],
    ['wss://relay.example.org/crowd/ws', 'https://relay.example.org/layout.json'],
  ])('finds the layout of %s at %s', (wsUrl, expected) => {
    expect(relayLayoutUrl(wsUrl)).toBe(expected);
  });
});

describe('startLayout', () => {
  it('uses the relay’s layout, checked, with the knobs over it', async () => {
    answer = { status: 200, body: JSON.stringify({ title: 'Race', buttons: [{ name: 'gas' }] }) };
    expect(await load({ stick: 'floating' })).toEqual({
      layout: {
        title: 'Race',
        stick: { mode: 'floating', deadzone: 0, axis: 'both', tilt: false },
        sliders: [],
        buttons: [{ name: 'gas', label: 'gas' }],
      },
      warnings: [],
    });
  });

  it('shows the default for a 404, saying nothing', async () => {
    answer = { status: 404, body: 'Not found' };
    expect(await load()).toEqual({ layout: DEFAULT_LAYOUT, warnings: [] });
  });

  it.each([
    ['text that is not JSON', { status: 200, body: '<!doctype html>' }, 'is not JSON'],
    [
      'a layout that fails the check',
      { status: 200, body: '{"buttons":[{"name":""}]}' },
      'is no layout this page can use: buttons[0].name must be',
    ],
    ['a server error', { status: 500, body: '' }, 'answered 500'],
  ])('shows the default for %s, with a warning', async (_name, given, why) => {
    answer = given;
    const { layout, warnings } = await load({ sliders: ['gain'] });
    expect(layout).toEqual({ ...DEFAULT_LAYOUT, sliders: [{ name: 'gain', value: 0 }] });
    expect(warnings).toEqual([expect.stringContaining(`${url} ${why}`)]);
  });

  it('shows the default, with a warning, when the relay does not answer in time', async () => {
    answer = 'never';
    const { layout, warnings } = await load({}, 100);
    expect(layout).toEqual(DEFAULT_LAYOUT);
    expect(warnings).toEqual([
      `crowdstick: ${url} could not be read (TimeoutError); the page shows the default layout.`,
    ]);
  });
});
