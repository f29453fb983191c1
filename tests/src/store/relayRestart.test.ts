import { afterEach, describe, expect, it } from 'vitest';
import { updateMessage, withSlot, type StickValues } from '../../../src/shared/protocol';
import { createControllerStore } from '../../../src/store/controllerStore';
import { startRelayProcess, type RelayProcess } from '../../helpers/relayProcess';
import { openClient, type Received, type TestClient } from '../../helpers/wsClient';
import { openWs, waitForState } from './testRelay';

const PHONES = 6;
/** The promise: every phone is back this soon after the relay is. */
const BACK_WITHIN_MS = 2000;

const relays: RelayProcess[] = [];
const clients: TestClient[] = [];
const stops: Array<() => void> = [];

afterEach(async () => {
  stops.splice(0).forEach((stop) => stop());
  await Promise.all(clients.splice(0).map((client) => client.close()));
  await Promise.all(relays.splice(0).map((relay) => relay.stop()));
});

const idOf = (phone: number) => 7000 + phone;
/** Each phone holds its stick somewhere of its own. */
const stickOf = (phone: number): StickValues => ({
  x: Math.round((phone / PHONES) * 1000) / 1000,
  y: 0,
  speed: Math.round((phone / PHONES) * 100),
  angle: 0,
});

async function installationOn(relay: RelayProcess): Promise<TestClient> {
  const client = await openClient(relay.installationUrl);
  clients.push(client);
  return client;
}

const everyPhone = Array.from({ length: PHONES }, (_, phone) => phone + 1);
const connectsOf = (received: Received[]) =>
  new Set(received.filter((m) => m.type === 'connect').map((m) => m.sliderId as number));
const everyPhoneConnected = (received: Received[]) => {
  const connected = connectsOf(received);
  return everyPhone.every((phone) => connected.has(idOf(phone)));
};
const latestUpdateOf = (received: Received[], id: number) =>
  received.filter((m) => m.type === 'update' && m.sliderId === id).at(-1);

/** How the first relay goes away: a graceful stop, or a crash that closes nothing. */
const endings = {
  'stopped with SIGTERM': (relay: RelayProcess) => relay.stop(),
  'killed with SIGKILL': async (relay: RelayProcess) => {
    process.kill(relay.pid, 'SIGKILL');
    await relay.exited;
  },
};

describe.each(Object.entries(endings))('phones when the relay is %s and restarted', (_, end) => {
  it('are all back within 2 s of the restart, with their ids and held sticks, and the roster replays right', async () => {
    const first = await startRelayProcess();
    relays.push(first);
    const before = await installationOn(first);
    const stores = everyPhone.map((phone) => {
      const store = createControllerStore({
        url: first.phoneSocketUrl,
        userId: idOf(phone),
        renewUserId: () => 1,
        openSocket: openWs,
        idleSeconds: 60,
      });
      stops.push(store.getState().start());
      store.getState().moveStick(stickOf(phone));
      return store;
    });
    await before.waitUntil(everyPhoneConnected);

    await end(first);
    // The stores saw the relay go; none took a new id.
    await Promise.all(
      stores.map((store) => waitForState(store, (s) => s.status !== 'connected', 'not connected')),
    );

    const second = await startRelayProcess(['--port', String(first.port)]);
    relays.push(second);
    const restartedAt = Date.now();
    const after = await installationOn(second);
    await after.waitUntil(everyPhoneConnected, BACK_WITHIN_MS);
    expect(Date.now() - restartedAt).toBeLessThan(BACK_WITHIN_MS);
    // Connected and numbered again: the new relay deals the slots afresh, 1 to 6 in the order
    // the phones came back, and tells each phone its own.
    await Promise.all(
      stores.map((store) =>
        waitForState(store, (s) => s.status === 'connected' && s.slot !== null, 'a slot'),
      ),
    );
    expect(stores.map((store) => store.getState().userId)).toEqual(everyPhone.map(idOf));
    const slotOf = new Map(
      after.received
        .filter((m) => m.type === 'connect')
        .map((m) => [m.sliderId as number, m.slot as number]),
    );
    expect(stores.map((store) => store.getState().slot)).toEqual(
      everyPhone.map((phone) => slotOf.get(idOf(phone))),
    );
    expect([...slotOf.values()].sort((a, b) => a - b)).toEqual(everyPhone);
    expect(stores.map((store) => store.getState().refusal)).toEqual(everyPhone.map(() => null));

    /** The phone's held stick as installations get it: with its slot. */
    const slotted = (phone: number) =>
      withSlot(updateMessage(idOf(phone), stickOf(phone)), slotOf.get(idOf(phone))!);

    // Each phone said `connect` once, then its held stick.
    await after.waitUntil((received) =>
      everyPhone.every((phone) => latestUpdateOf(received, idOf(phone)) !== undefined),
    );
    for (const phone of everyPhone) {
      expect(latestUpdateOf(after.received, idOf(phone))).toEqual(slotted(phone));
    }
    const connects = after.received.filter((m) => m.type === 'connect');
    expect(connects).toHaveLength(PHONES);

    // A late installation gets the whole crowd in its roster replay.
    const late = await installationOn(second);
    await late.waitUntil(
      (received) =>
        everyPhoneConnected(received) &&
        everyPhone.every((phone) => latestUpdateOf(received, idOf(phone)) !== undefined),
    );
    expect(late.received.filter((m) => m.type === 'connect').map((m) => m.sliderId)).toHaveLength(
      PHONES,
    );
    for (const phone of everyPhone) {
      expect(latestUpdateOf(late.received, idOf(phone))).toEqual(slotted(phone));
    }
    expect(
      late.received.filter((m) => m.type === 'connect').map((m) => [m.sliderId, m.slot]),
    ).toEqual(expect.arrayContaining([...slotOf]));
    expect(late.received.filter((m) => m.type === 'delete')).toEqual([]);
    const health = await second.health();
    expect(health).toMatchObject({ ok: true, controllers: PHONES, installations: 2 });
  });
});
