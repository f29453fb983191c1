import { afterEach, describe, expect, it } from 'vitest';
import { openRawWebSocket, type RawWebSocket } from '../helpers/rawWebSocket';
import { startRelayProcess, type RelayProcess } from '../helpers/relayProcess';
import { openClient, type TestClient } from '../helpers/wsClient';

/**
 * A socket the relay is done with must not hold a file descriptor for ws's
 * 30 s close timeout when its peer never answers the close frame: the relay
 * ends it 5 s after its close frame.
 */
const GRACE_MS = 5000;
/** Loopback and a loaded machine: what 5 s may take at most here. */
const SLACK_MS = 1500;

let relay: RelayProcess | undefined;
const raws: RawWebSocket[] = [];
const clients: TestClient[] = [];

afterEach(async () => {
  for (const raw of raws.splice(0)) raw.socket.destroy();
  for (const client of clients.splice(0)) client.socket.terminate();
  await relay?.stop();
  relay = undefined;
});

async function raw(port: number): Promise<RawWebSocket> {
  const socket = await openRawWebSocket(port);
  raws.push(socket);
  return socket;
}

/** The relay's close frame arrived with `code`, and the relay ended the connection about 5 s later. */
async function expectEndedAfterGrace(socket: RawWebSocket, code: number): Promise<void> {
  const closeFrame = await socket.closeFrame;
  expect(closeFrame.code).toBe(code);
  const { at } = await socket.ended;
  expect(at - closeFrame.at).toBeGreaterThan(GRACE_MS - 500);
  expect(at - closeFrame.at).toBeLessThan(GRACE_MS + SLACK_MS);
  const health = await relay!.health();
  expect(health.closing).toBe(0);
}

describe('a socket the relay closed whose peer never answers', () => {
  it('is ended 5 s after a 1013 "full" close, and counted as closing meanwhile', async () => {
    relay = await startRelayProcess(['--max-phones', '1']);
    const inside = await openClient(relay.phoneSocketUrl);
    clients.push(inside);
    const turnedAway = await raw(relay.port);
    await turnedAway.closeFrame;
    expect((await relay.health()).closing).toBe(1);
    await expectEndedAfterGrace(turnedAway, 1013);
  }, 20_000);

  it('is ended 5 s after a 4000 "replaced" close', async () => {
    relay = await startRelayProcess();
    const first = await raw(relay.port);
    first.sendText('{"type":"connect","sliderId":4242}');
    const installation = await openClient(relay.installationUrl);
    clients.push(installation);
    await installation.next((m) => m.type === 'connect');
    const second = await openClient(relay.phoneSocketUrl);
    clients.push(second);
    second.send({ type: 'connect', sliderId: 4242 });
    await expectEndedAfterGrace(first, 4000);
  }, 20_000);

  it('is ended 5 s after a 1008 flood close', async () => {
    relay = await startRelayProcess([
      '--phone-rate',
      '1',
      '--phone-burst',
      '1',
      '--flood-limit',
      '5',
    ]);
    const flooder = await raw(relay.port);
    for (let i = 0; i < 20; i += 1) flooder.sendText('{"type":"connect","sliderId":99}');
    await expectEndedAfterGrace(flooder, 1008);
  }, 20_000);
});
