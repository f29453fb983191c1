import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { crowdstick } from '../helpers/crowdstickCommand';
import { relayTest } from '../helpers/relayTest';
import type { Received } from '../helpers/wsClient';

const relays = relayTest();

const relayWithInstallation = () => relays.startWatched(['--no-app']);

function layoutFile(layout: unknown): string {
  const file = join(mkdtempSync(join(tmpdir(), 'crowdstick-layout-')), 'layout.json');
  writeFileSync(file, JSON.stringify(layout));
  return file;
}

/** Each user's events, in the order the installation got them. */
function byUser(received: Received[]): Map<number, Received[]> {
  const users = new Map<number, Received[]>();
  for (const message of received) {
    if (typeof message?.sliderId !== 'number') continue;
    let list = users.get(message.sliderId);
    if (!list) users.set(message.sliderId, (list = []));
    list.push(message);
  }
  return users;
}

/** What the page could have sent: connect first, nothing between a delete and the next connect. */
function expectPageLike(events: Received[]) {
  expect(events[0]?.type).toBe('connect');
  let present = false;
  for (const event of events) {
    if (event.type === 'connect') present = true;
    else expect(present).toBe(true);
    if (event.type === 'delete') present = false;
    if (event.type === 'update') {
      expect(Math.abs(event.x)).toBeLessThanOrEqual(1);
      expect(Math.abs(event.y)).toBeLessThanOrEqual(1);
      expect(Number.isInteger(event.speed) && event.speed <= 100).toBe(true);
      expect(Number.isInteger(event.angle) && event.angle <= 359).toBe(true);
    }
    if (event.type === 'slider') {
      expect(typeof event.name).toBe('string');
      expect(event.value >= 0 && event.value <= 1).toBe(true);
    }
  }
}

describe('crowdstick simulate', () => {
  it('plays a crowd into a real relay, each phone as the page would, and every phone says delete at the end', async () => {
    const { relay, installation } = await relayWithInstallation();
    const run = await crowdstick([
      'simulate',
      '--phones',
      '20',
      '--relay',
      relay.httpUrl,
      '--seconds',
      '3',
      '--arrival',
      '1',
      '--seed',
      '11',
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    await relay.waitForHealth((health) => health.users === 0 && health.controllers === 0);
    const users = byUser(installation.received);
    expect(users.size).toBe(20);
    for (const events of users.values()) {
      expectPageLike(events);
      expect(events.at(-1)?.type).toBe('delete');
      // The relay's own delete for a dropped socket says so; these phones said it themselves.
      expect(events.at(-1)?.reason).toBeUndefined();
      expect(events.filter((event) => event.type === 'update').length).toBeGreaterThan(10);
    }
    const sliders = installation.received.filter((message: Received) => message.type === 'slider');
    expect(sliders.length).toBeGreaterThan(0);
    // Not a terminal: no status line, no escape codes in a log file.
    expect(run.stdout).not.toContain('\u001b');
    expect(run.stdout).not.toContain('\r');
    expect(run.stdout).toMatch(
      /^crowdstick simulate: 20 phones into ws:\/\/127\.0\.0\.1:\d+\/ws for 3 s \(seed 11\)$/m,
    );
    const present = [...users.values()].filter((events) => {
      const joins = events.filter((event) => event.type === 'connect').length;
      const leaves = events.filter((event) => event.type === 'delete').length;
      return joins === leaves && events.at(-1)?.type === 'delete';
    }).length;
    expect(run.stdout).toMatch(/ \d+ present at the end said delete$/m);
    expect(Number(/ (\d+) present at the end/.exec(run.stdout)?.[1])).toBeLessThanOrEqual(present);
  });

  it('plays the controls of the relay’s layout, buttons too, every press let go', async () => {
    const { relay, installation } = await relays.startWatched([
      '--no-app',
      '--layout',
      layoutFile({ sliders: [{ name: 'zoom' }], buttons: [{ name: 'fire' }, { name: 'jump' }] }),
    ]);
    const run = await crowdstick([
      'simulate',
      '--phones',
      '12',
      '--relay',
      relay.httpUrl,
      '--seconds',
      '4',
      '--arrival',
      '0.5',
      '--seed',
      '5',
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      `sliders zoom, buttons fire, jump, from ${relay.httpUrl}/layout.json`,
    );
    await relay.waitForHealth((health) => health.users === 0);
    const presses = installation.received.filter((m: Received) => m.type === 'button');
    expect(presses.length).toBeGreaterThan(5);
    expect(new Set(presses.map((m: Received) => m.name))).toEqual(new Set(['fire', 'jump']));
    for (const events of byUser(installation.received).values()) {
      const down = new Set<string>();
      for (const event of events) {
        if (event.type === 'slider') expect(event.name).toBe('zoom');
        if (event.type === 'button' && event.pressed) down.add(event.name);
        if (event.type === 'button' && !event.pressed) expect(down.delete(event.name)).toBe(true);
        if (event.type === 'delete') expect([...down]).toEqual([]);
      }
    }
  });

  it('stops on Ctrl-C with every phone’s delete', async () => {
    const { relay, installation } = await relayWithInstallation();
    const run = await crowdstick(
      ['simulate', '--phones', '10', '--relay', relay.httpUrl, '--arrival', '0.2'],
      { name: 'SIGINT', afterMs: 2000 },
    );
    expect(run.code).toBe(0);
    await relay.waitForHealth((health) => health.users === 0 && health.controllers === 0);
    const users = byUser(installation.received);
    expect(users.size).toBe(10);
    for (const events of users.values()) {
      expectPageLike(events);
      expect(events.at(-1)).toMatchObject({ type: 'delete' });
      expect(events.at(-1)?.reason).toBeUndefined();
    }
  });

  it('says once that it cannot reach the relay, and keeps trying until the end', async () => {
    const { relay } = await relayWithInstallation();
    const port = relay.port;
    await relay.stop();
    const run = await crowdstick([
      'simulate',
      '--phones',
      '5',
      '--relay',
      `http://127.0.0.1:${port}`,
      '--seconds',
      '3',
      '--arrival',
      '0',
    ]);
    expect(run.code).toBe(0);
    expect(run.stderr.trim()).toBe(
      `crowdstick simulate: a phone could not reach ws://127.0.0.1:${port}/ws (ECONNREFUSED); retrying`,
    );
    expect(run.stdout).toMatch(
      /: 0 messages from 5 phones in 3\.\d s; 0 present at the end said delete$/m,
    );
  });

  it('keeps a live status line on a terminal', async () => {
    const { relay } = await relayWithInstallation();
    // util-linux's script runs the command on a terminal of its own.
    const child = spawn(
      'script',
      [
        '-qec',
        `${process.execPath} dist/relay/cli/crowdstick.js simulate --phones 4 --relay ${relay.httpUrl} --seconds 2 --arrival 0`,
        '/dev/null',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await new Promise((resolve) => child.once('close', resolve));
    // Redrawn in place: a carriage return, the line, and clear to its end.
    expect(output).toMatch(/\r4 phones: [^\r\n]*\d+ msg\/s/);
    expect(output).toContain('msg/s\u001b[K');
    expect(output).toMatch(/\r4 phones: 4 playing · \d+ msg\/s/);
  });

  it('says what is wrong with its options, and exits 2', async () => {
    const run = await crowdstick(['simulate', '--phones', 'many', '--relay', 'http://127.0.0.1:1']);
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toBe(
      'crowdstick simulate: --phones must be a whole number in 1..10000, got "many"',
    );
  });

  it('answers --help, and an unknown command with a pointer to it', async () => {
    const help = await crowdstick(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: crowdstick <command>/);
    const unknown = await crowdstick(['rehearse']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.trim()).toBe(
      'crowdstick: unknown command "rehearse" (see crowdstick --help)',
    );
  });
});
