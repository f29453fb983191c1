import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createControllerStore } from '../../../src/store/controllerStore';
import type { ConnectionStatus } from '../../../src/store/types';
import { startRelayProcess, type RelayProcess } from '../../helpers/relayProcess';
import { openClient } from '../../helpers/wsClient';
import { openWs, pause, waitForState } from './testRelay';

let relay: RelayProcess;

beforeAll(async () => {
  relay = await startRelayProcess(['--max-phones', '1']);
});

afterAll(async () => {
  await relay?.stop();
});

const storeFor = (userId: number) =>
  createControllerStore({ url: relay.phoneSocketUrl, userId, openSocket: openWs });

describe('a phone at a full relay', () => {
  it('says the installation is full, is never announced, and gets in once there is room', async () => {
    const installation = await openClient(relay.installationUrl);
    const inside = storeFor(8001);
    const stopInside = inside.getState().start();
    await installation.next((m) => m.type === 'connect' && m.sliderId === 8001);

    const waiting = storeFor(8002);
    const statuses: ConnectionStatus[] = [];
    waiting.subscribe((state, previous) => {
      if (state.status !== previous.status) statuses.push(state.status);
    });
    const stopWaiting = waiting.getState().start();
    await waitForState(waiting, (s) => s.status === 'full', 'full');
    await pause(300);
    expect(installation.received.filter((m) => m.sliderId === 8002)).toEqual([]);

    stopInside();
    await installation.next((m) => m.type === 'delete' && m.sliderId === 8001);
    // Coming back to the page, the visitor need not wait out the patient backoff.
    waiting.getState().pageShown();
    await installation.next((m) => m.type === 'connect' && m.sliderId === 8002);
    await waitForState(waiting, (s) => s.status === 'connected', 'connected');
    expect(waiting.getState().refusal).toBeNull();
    // The relay completes the handshake before it turns a phone away, so the
    // first open shows as connected for a moment; after that refusal, none does
    // until the phone is let in.
    expect(statuses).toEqual(['connected', 'full', 'connected']);

    stopWaiting();
    await installation.close();
  });
});
