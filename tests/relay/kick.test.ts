import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KICKED_CLOSE_CODE, kickReason, kickSecondsOf } from '../../src/shared/protocol';
import { counterDelta } from '../helpers/counters';
import { relayWith } from '../helpers/relayTest';
import { openClient, type TestClient } from '../helpers/wsClient';

describe('kicking a phone, with the default hold of 60 s', () => {
  const world = relayWith([], { perFile: true });
  /** A phone that said `connect` and was told its slot. */
  const phone = world.player;
  let installation: TestClient;
  beforeAll(async () => {
    installation = await openClient(world.relay.installationUrl);
  });
  afterAll(() => installation.close());

  it('closes the phone named by slot with 4001 and the seconds to wait, and publishes its delete', async () => {
    const [first, second] = [await phone(41), await phone(42)];
    await installation.next((m) => m.type === 'connect' && m.sliderId === 42);
    installation.send({ type: 'kick', slot: 2 });
    expect(await second.closed).toEqual({
      code: KICKED_CLOSE_CODE,
      reason: 'removed by the operator; back in 60 s',
    });
    expect(await installation.next((m) => m.type === 'delete')).toEqual({
      type: 'delete',
      sliderId: 42,
      slot: 2,
      reason: 'disconnect',
    });
    expect(first.socket.readyState).toBe(first.socket.OPEN);
    await first.close();
    await installation.next((m) => m.type === 'delete' && m.sliderId === 41);
  });

  it('turns the kicked id back on its return, with the seconds left, and lets others in', async () => {
    const before = await world.relay.health();
    const kicked = await phone(51);
    installation.send({ type: 'kick', to: 51 });
    expect((await kicked.closed).code).toBe(KICKED_CLOSE_CODE);

    const back = await world.phoneSocket();
    back.send({ type: 'connect', sliderId: 51 });
    const refused = await back.closed;
    expect(refused.code).toBe(KICKED_CLOSE_CODE);
    expect(kickSecondsOf(refused.reason)).toBeGreaterThan(0);
    expect(kickSecondsOf(refused.reason)).toBeLessThanOrEqual(60);
    expect(refused.reason).toBe(kickReason(kickSecondsOf(refused.reason)!));
    // Never present again: the installation saw its one connect and one delete.
    const other = await phone(52);
    await installation.next((m) => m.type === 'connect' && m.sliderId === 52);
    expect(installation.received.filter((m) => m.sliderId === 51).map((m) => m.type)).toEqual([
      'connect',
      'delete',
    ]);
    await other.close();

    const after = await world.relay.waitForHealth(
      (h) => h.kicks.turnedBack > before.kicks.turnedBack,
    );
    expect(counterDelta(before.kicks, after.kicks)).toEqual({ kicked: 1, turnedBack: 1 });
  });

  it('kicks a phone whose user is away (after its own delete), by id', async () => {
    const away = await phone(61);
    away.send({ type: 'delete', sliderId: 61 });
    await installation.next((m) => m.type === 'delete' && m.sliderId === 61);
    installation.send({ type: 'kick', to: 61 });
    expect((await away.closed).code).toBe(KICKED_CLOSE_CODE);
  });

  it('drops and counts a kick of nobody, and a kick that names no phone properly', async () => {
    const before = await world.relay.health();
    installation.send({ type: 'kick', slot: 99 });
    installation.send({ type: 'kick', to: 123456 });
    installation.send({ type: 'kick', slot: 0 });
    installation.send({ type: 'kick', to: 'all' });
    installation.send({ type: 'kick', to: 5, slot: 1 });
    const after = await world.relay.waitForHealth(
      (h) => (h.dropped['bad-field'] ?? 0) >= (before.dropped['bad-field'] ?? 0) + 3,
    );
    expect(counterDelta(before.dropped, after.dropped)).toEqual({
      'no-such-user': 2,
      'bad-field': 3,
    });
    expect(after.kicks).toEqual(before.kicks);
  });
});

describe('kicking a phone with --kick-seconds 0', () => {
  const world = relayWith(['--kick-seconds', '0'], { perFile: true });
  const phone = world.player;

  it('closes the phone, and lets it straight back in', async () => {
    const installation = await world.installation();
    const kicked = await phone(71);
    installation.send({ type: 'kick', slot: 1 });
    expect(await kicked.closed).toEqual({
      code: KICKED_CLOSE_CODE,
      reason: 'removed by the operator; back in 0 s',
    });
    // Let straight back in: told a slot again.
    await phone(71);
  });
});
