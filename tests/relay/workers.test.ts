import { execFileSync } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { crowdstick } from '../helpers/crowdstickCommand';
import { connectOf } from '../helpers/phoneMessages';
import { redisForFile } from '../helpers/redisServer';
import { relayTest } from '../helpers/relayTest';
import type { Received } from '../helpers/wsClient';

/** Every node of these tests shares one Redis. */
const redis = redisForFile();

const relays = relayTest();
const childrenOf = (pid: number): number[] => {
  try {
    return execFileSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .map(Number);
  } catch {
    return [];
  }
};

describe('--workers 2 with --redis', () => {
  it('runs two nodes behind one port that are one relay to their users, and starts a dead one again', async () => {
    const relay = await relays.start(['--workers', '2', '--redis', redis.url]);
    await relay.waitForOutput('crowdstick: 2 workers on port');
    const health = await relay.waitForHealth((h) => h.cluster?.nodes === 2);
    expect(health.redis).toBe('up');

    // The primary hands each connection to a worker in turn: these land on both nodes.
    const installations = [
      await relays.open(relay.installationUrl),
      await relays.open(relay.installationUrl),
    ];
    for (const id of [1, 2, 3, 4]) {
      const phone = await relays.open(relay.phoneSocketUrl);
      phone.send(connectOf(id));
      await phone.next((m: Received) => m.event === 'slot');
    }
    for (const installation of installations) {
      const connects: Received[] = [];
      while (connects.length < 4) {
        connects.push(await installation.next((m: Received) => m.type === 'connect'));
      }
      expect(connects.map((m) => m.slot).sort()).toEqual([1, 2, 3, 4]);
    }

    const [first, second] = childrenOf(relay.pid);
    expect(second).toBeDefined();
    process.kill(first!, 'SIGKILL');
    await relay.waitForOutput(/crowdstick: worker \d exited \(SIGKILL\); starting it again/);
    await expect
      .poll(() => childrenOf(relay.pid).filter((pid) => pid !== first).length, { timeout: 10_000 })
      .toBe(2);
    await relay.waitForHealth((h) => h.cluster?.nodes === 2, 15_000);
  }, 40_000);

  it('stops every worker on SIGTERM to the primary, each telling its installations its users left', async () => {
    const relay = await relays.start(['--workers', '2', '--redis', redis.url]);
    await relay.waitForHealth((h) => h.cluster?.nodes === 2);
    const installation = await relays.open(relay.installationUrl);
    const phone = await relays.open(relay.phoneSocketUrl);
    phone.send(connectOf(9));
    await installation.next((m: Received) => m.type === 'connect');
    const workers = childrenOf(relay.pid);
    await relay.stop();
    expect(await installation.next((m: Received) => m.type === 'delete')).toMatchObject({
      type: 'delete',
      sliderId: 9,
      reason: 'disconnect',
    });
    for (const pid of workers) expect(() => process.kill(pid, 0)).toThrow();
  }, 30_000);

  it('gives up with exit code 1, and starts nothing again, when its workers cannot reach Redis', async () => {
    // A port nothing listens on: free a moment ago.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const closedPort = (probe.address() as AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    const run = await crowdstick([
      'start',
      '--port',
      '0',
      '--workers',
      '2',
      '--redis',
      `redis://127.0.0.1:${closedPort}`,
    ]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      `crowdstick: --redis redis://127.0.0.1:${closedPort}: cannot reach Redis within 5 s`,
    );
    expect(run.stderr).not.toContain('starting it again');
  }, 30_000);
});
