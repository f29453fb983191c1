import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createControllerStore } from '../../../src/store/controllerStore';
import { startRelayProcess, type RelayProcess } from '../../helpers/relayProcess';
import { openClient } from '../../helpers/wsClient';
import { openWs, waitForState } from './testRelay';

let relay: RelayProcess;

beforeAll(async () => {
  relay = await startRelayProcess();
});

afterAll(async () => {
  await relay?.stop();
});

describe('two tabs with the same id, as after "duplicate tab"', () => {
  it('end up with an id each instead of taking it from each other', async () => {
    const installation = await openClient(relay.installationUrl);
    const shared = 31337;
    const storeFor = (renewed: number) =>
      createControllerStore({
        url: relay.phoneSocketUrl,
        userId: shared,
        renewUserId: () => renewed,
        openSocket: openWs,
      });
    const original = storeFor(1001);
    const duplicate = storeFor(2002);
    const stops = [original.getState().start()];
    await installation.next((m) => m.type === 'connect' && m.sliderId === shared);

    stops.push(duplicate.getState().start());
    // The relay gives the id to the newer socket; the original takes a new one.
    await installation.next((m) => m.type === 'connect' && m.sliderId === 1001);
    await waitForState(original, (s) => s.status === 'connected' && s.userId === 1001, 'renewed');
    expect(duplicate.getState().userId).toBe(shared);

    // Both keep working under their own ids; nothing is taken back.
    original.getState().moveStick({ x: 1, y: 0, speed: 100, angle: 0 });
    duplicate.getState().moveStick({ x: 0, y: 1, speed: 100, angle: 90 });
    await installation.next((m) => m.type === 'update' && m.sliderId === 1001);
    await installation.next((m) => m.type === 'update' && m.sliderId === shared);
    const health = await relay.health();
    expect(health).toMatchObject({ ok: true, controllers: 2, installations: 1 });
    expect(installation.received.filter((m) => m.type === 'connect')).toHaveLength(3);

    stops.forEach((stop) => stop());
    await installation.close();
  });
});
