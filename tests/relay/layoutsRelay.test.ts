import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LAYOUT } from '../../src/shared/layout';
import { parseOptions } from '../../server/node/options';
import { startRelayProcess } from '../helpers/relayProcess';
import { relayTest } from '../helpers/relayTest';
import type { Received, TestClient } from '../helpers/wsClient';

const relays = relayTest();
const relayWith = (args: string[] = []) => relays.start(['--no-app', ...args]);
const open = relays.open;
/** A phone of user `id` that said connect and was told its slot. */
const phone = relays.joinedPhone;

const layoutFile = (content: string) => {
  const file = join(mkdtempSync(join(tmpdir(), 'crowdstick-layout-')), 'layout.json');
  writeFileSync(file, content);
  return file;
};

const vote = {
  title: 'Vote',
  stick: null,
  buttons: [{ name: 'yes' }, { name: 'no', label: 'No!' }],
};
const mixer = {
  stick: null,
  sliders: [{ name: 'bass', value: 0.5 }, { name: 'mid' }, { name: 'high' }, { name: 'gain' }],
};
const layoutsOf = (client: TestClient) =>
  client.received.filter((m: Received) => m.event === 'layout').map((m: Received) => m.data);

describe('layouts on a running relay', () => {
  it('serves the default layout at /layout.json, and the one --layout FILE names, checked', async () => {
    const plain = await relayWith();
    const response = await fetch(`${plain.httpUrl}/layout.json`);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(await response.json()).toEqual(JSON.parse(JSON.stringify(DEFAULT_LAYOUT)));

    const relay = await relayWith(['--layout', layoutFile(JSON.stringify(vote))]);
    const served = await (await fetch(`${relay.httpUrl}/layout.json`)).json();
    expect(served).toMatchObject({
      title: 'Vote',
      stick: null,
      sliders: [],
      buttons: [
        { name: 'yes', label: 'yes' },
        { name: 'no', label: 'No!' },
      ],
    });
  });

  it('passes a layout to every phone, and gives it to a phone that joins later, after its slot', async () => {
    const relay = await relayWith();
    const installation = await open(relay.installationUrl);
    const early = await phone(relay, 1);
    installation.send({ type: 'send', to: 'all', event: 'layout', data: mixer });
    await early.waitUntil(() => layoutsOf(early).length === 1);
    expect(layoutsOf(early)).toEqual([mixer]);

    const late = await open(relay.phoneSocketUrl);
    late.send({ type: 'connect', sliderId: 2 });
    await late.waitUntil(() => layoutsOf(late).length === 1);
    expect(late.received.map((m: Received) => m.event)).toEqual(['slot', 'layout']);
    expect(layoutsOf(late)).toEqual([mixer]);
    // The early phone is not sent it twice when it rejoins after an idle delete.
    early.send({ type: 'delete', sliderId: 1 });
    early.send({ type: 'connect', sliderId: 1 });
    await early.waitUntil((all) => all.filter((m: Received) => m.event === 'slot').length === 2);
    expect(layoutsOf(early)).toHaveLength(1);
  });

  it('gives one phone its own layout, again when it reconnects, until a layout for all replaces it', async () => {
    const relay = await relayWith();
    const installation = await open(relay.installationUrl);
    const one = await phone(relay, 11);
    const other = await phone(relay, 12);
    installation.send({ type: 'send', slot: 1, event: 'layout', data: vote });
    await one.waitUntil(() => layoutsOf(one).length === 1);
    // A reload: a new socket with the same id.
    const reloaded = await phone(relay, 11);
    await reloaded.waitUntil(() => layoutsOf(reloaded).length === 1);
    expect(layoutsOf(reloaded)).toEqual([vote]);

    // The layout for all, sent after the one for slot 1, is the marker: the other
    // phone has it alone.
    installation.send({ type: 'send', to: 'all', event: 'layout', data: mixer });
    await other.waitUntil(() => layoutsOf(other).length >= 1);
    expect(layoutsOf(other)).toEqual([mixer]);
    const again = await phone(relay, 11);
    await again.waitUntil(() => layoutsOf(again).length === 1);
    expect(layoutsOf(again)).toEqual([mixer]);
  });

  it('passes on a layout no page can use, for the page to say so, but keeps none for later', async () => {
    const relay = await relayWith();
    const installation = await open(relay.installationUrl);
    const bad = { buttons: [{ name: 'has space' }] };
    const early = await phone(relay, 21);
    installation.send({ type: 'send', to: 'all', event: 'layout', data: bad });
    await early.waitUntil(() => layoutsOf(early).length === 1);
    const late = await phone(relay, 22);
    installation.send({ type: 'send', to: 'all', event: 'text', data: 'marker' });
    await late.waitUntil((all) => all.some((m: Received) => m.event === 'text'));
    expect(layoutsOf(late)).toEqual([]);
  });
});

describe('--layout FILE, checked at start', () => {
  it.each([
    ['{"sliders":[{"name":"zoom","value":2}]}', /: sliders\[0\]\.value .+$/],
    ['{"stick":{"mode":"wobbly"}}', /: stick\.mode .+$/],
    ['{"buttons": [', /: not JSON \(.+\)$/],
  ])('refuses %s, naming the file and the field', (content, why) => {
    const file = layoutFile(content);
    let message = '';
    try {
      parseOptions(['--layout', file], {});
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message.startsWith(`crowdstick: --layout ${file}`)).toBe(true);
    expect(message).toMatch(why);
  });

  it('says so when the file cannot be read', () => {
    expect(() => parseOptions(['--layout', '/nonexistent/layout.json'], {})).toThrow(
      'crowdstick: --layout /nonexistent/layout.json: cannot read it (ENOENT)',
    );
  });

  it('fails the relay’s start with the same message', async () => {
    const file = layoutFile('{"buttons":[{"name":"a"},{"name":"a"}]}');
    await expect(startRelayProcess(['--no-app', '--layout', file])).rejects.toThrow(
      `crowdstick: --layout ${file}: buttons[1].name`,
    );
  });
});
