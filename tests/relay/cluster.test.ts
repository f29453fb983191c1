import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { connectOf, updateOf } from '../helpers/phoneMessages';
import { redisForFile } from '../helpers/redisServer';
import type { RelayProcess } from '../helpers/relayProcess';
import { relayTest } from '../helpers/relayTest';
import { startOscDump } from './osc/liblo';
import type { Received } from '../helpers/wsClient';

/** Every node of these tests shares one Redis. */
const redis = redisForFile();

const relays = relayTest();
const node = (): Promise<RelayProcess> => relays.start(['--redis', redis.url]);
const isConnect = (id: number) => (m: Received) => m.type === 'connect' && m.sliderId === id;
const isDelete = (id: number) => (m: Received) => m.type === 'delete' && m.sliderId === id;
const slotOf = async (phone: { next(p: (m: Received) => boolean): Promise<Received> }) =>
  (await phone.next((m) => m.event === 'slot')).data as number;

describe('relay nodes over Redis', () => {
  it('are one relay to their users: one stream, one roster, slots unique, sends reaching any node', async () => {
    // A clean table for this test: slots start at 1 again.
    await redis.restart();
    const a = await node();
    const b = await node();
    const watcherOnB = await relays.open(b.installationUrl);

    const phoneOnA = await relays.open(a.phoneSocketUrl);
    phoneOnA.send(connectOf(11));
    expect(await slotOf(phoneOnA)).toBe(1);
    const phoneOnB = await relays.open(b.phoneSocketUrl);
    phoneOnB.send(connectOf(22));
    expect(await slotOf(phoneOnB)).toBe(2);

    expect(await watcherOnB.next(isConnect(11))).toEqual({
      type: 'connect',
      sliderId: 11,
      slot: 1,
    });
    await watcherOnB.next(isConnect(22));
    phoneOnA.send(updateOf(11, 0.25));
    expect(await watcherOnB.next((m) => m.type === 'update')).toEqual({
      ...updateOf(11, 0.25),
      slot: 1,
    });

    // A late installation on either node is replayed the whole cluster.
    const lateOnA = await relays.open(a.installationUrl);
    const replay = [await lateOnA.next(), await lateOnA.next(), await lateOnA.next()];
    expect(replay).toEqual(
      expect.arrayContaining([
        { type: 'connect', sliderId: 11, slot: 1 },
        { ...updateOf(11, 0.25), slot: 1 },
        { type: 'connect', sliderId: 22, slot: 2 },
      ]),
    );

    // A send by slot from a node the phone is not on, and one to all.
    lateOnA.send({ type: 'send', slot: 2, event: 'text', data: 'to player 2' });
    expect(await phoneOnB.next((m) => m.event === 'text')).toEqual({
      event: 'text',
      data: 'to player 2',
    });
    watcherOnB.send({ type: 'send', to: 'all', event: 'text', data: 'everyone' });
    await phoneOnA.next((m) => m.data === 'everyone');
    await phoneOnB.next((m) => m.data === 'everyone');

    // Each node tells the others its figures every 2 s (presence), so this may take a refresh or two.
    const health = await a.waitForHealth(
      (h) => h.cluster?.nodes === 2 && h.cluster?.phones === 2,
      15_000,
    );
    expect(health).toMatchObject({
      redis: 'up',
      cluster: { nodes: 2, phones: 2, installations: 2, users: 2 },
    });
    expect(typeof health.node).toBe('string');
  }, 45_000);

  it('gives the outputs of any node every phone: the record file and the crowd as one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'crowdstick-cluster-'));
    relays.later(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'show.jsonl');
    const a = await node();
    const b = await relays.start(['--redis', redis.url, '--record', file]);
    const crowdOnB = await relays.open(`${b.installationUrl}?crowd=20`);
    const phone = await relays.open(a.phoneSocketUrl);
    phone.send(connectOf(77));
    const slot = await slotOf(phone);
    phone.send(updateOf(77, 1));
    // The crowd on b counts a's phone, and leans its way.
    await crowdOnB.next((m) => m.type === 'crowd' && m.count === 1 && m.x === 1);
    const recorded = (): unknown[] =>
      readFileSync(file, 'utf8')
        .trim()
        .split('\n')
        .slice(1)
        .map((line) => JSON.parse(line).event);
    await expect.poll(recorded, { timeout: 5000 }).toEqual([
      { type: 'connect', sliderId: 77, slot },
      { ...updateOf(77, 1), slot },
    ]);
  });

  it('sends another node’s phone over OSC from this node, to liblo’s oscdump', async () => {
    const dump = await startOscDump();
    relays.later(() => dump.stop());
    const a = await node();
    await relays.start([
      '--redis',
      redis.url,
      '--osc',
      `127.0.0.1:${dump.port}`,
      '--osc-crowd',
      '0',
    ]);
    const phone = await relays.open(a.phoneSocketUrl);
    phone.send(connectOf(88));
    const slot = await slotOf(phone);
    phone.send(updateOf(88, 1));
    const lines = await dump.waitFor((all) =>
      all.some((line) => line.address === `/crowdstick/${slot}/x` && line.values[0] === '1.000000'),
    );
    expect(lines.some((line) => line.address === `/crowdstick/${slot}/active`)).toBe(true);
  });

  it('takes a phone that reconnects on another node without a delete, closing its old socket with 4000', async () => {
    const a = await node();
    const b = await node();
    const watcher = await relays.open(b.installationUrl);
    const first = await relays.open(a.phoneSocketUrl);
    first.send(connectOf(33));
    const slot = await slotOf(first);
    await watcher.next(isConnect(33));

    const second = await relays.open(b.phoneSocketUrl);
    second.send(connectOf(33));
    expect(await slotOf(second)).toBe(slot);
    expect((await first.closed).code).toBe(4000);
    second.send(updateOf(33, 0.5));
    // As when a phone reconnects to one relay: its connect again, then its news, and never a delete.
    expect(await watcher.next()).toEqual({ type: 'connect', sliderId: 33, slot });
    expect(await watcher.next()).toEqual({ ...updateOf(33, 0.5), slot });
  });

  it('lets the users of a node killed with -9 leave within 10 s, and frees their slots', async () => {
    await redis.restart();
    const a = await node();
    const b = await node();
    const watcher = await relays.open(b.installationUrl);
    const doomed = await relays.open(a.phoneSocketUrl);
    doomed.send(connectOf(44));
    expect(await slotOf(doomed)).toBe(1);
    await watcher.next(isConnect(44));

    process.kill(a.pid, 'SIGKILL');
    expect(await watcher.next(isDelete(44), 10_000)).toEqual({
      type: 'delete',
      sliderId: 44,
      slot: 1,
      reason: 'disconnect',
    });
    // The slot is released before the delete goes out, on the connection the next take uses.
    const next = await relays.open(b.phoneSocketUrl);
    next.send(connectOf(55));
    expect(await slotOf(next)).toBe(1);
    expect((await b.health()).cluster.nodes).toBe(1);
  }, 20_000);

  it('keeps serving its own installations while Redis is away, and catches the cluster up after', async () => {
    const a = await node();
    const b = await node();
    const watcherOnA = await relays.open(a.installationUrl);
    const watcherOnB = await relays.open(b.installationUrl);
    const phone = await relays.open(a.phoneSocketUrl);
    phone.send(connectOf(66));
    const slot = await slotOf(phone);
    await watcherOnB.next(isConnect(66));

    await redis.kill();
    await a.waitForHealth((h) => h.redis === 'down');
    phone.send(updateOf(66, -0.5));
    expect(await watcherOnA.next((m) => m.type === 'update')).toEqual({
      ...updateOf(66, -0.5),
      slot,
    });

    await redis.restart();
    await a.waitForHealth((h) => h.redis === 'up', 10_000);
    // What b missed comes with a's catching up: the phone's latest state.
    expect(await watcherOnB.next((m) => m.type === 'update', 10_000)).toEqual({
      ...updateOf(66, -0.5),
      slot,
    });
  }, 30_000);
});
