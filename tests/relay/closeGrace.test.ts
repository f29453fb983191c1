import { describe, expect, it } from 'vitest';
import { openRawWebSocket, type RawWebSocket } from '../helpers/rawWebSocket';
import type { RelayProcess } from '../helpers/relayProcess';
import { relayTest } from '../helpers/relayTest';

/**
 * A socket the relay is done with must not hold a file descriptor for ws's
 * 30 s close timeout when its peer never answers the close frame: the relay
 * ends it 5 s after its close frame.
 */
const GRACE_MS = 5000;
/** Loopback and a loaded machine: what 5 s may take at most here. */
const SLACK_MS = 1500;

// These peers never answer a close: nothing waits on their handshakes after a test.
const relays = relayTest({ endSockets: 'terminate' });

async function raw(port: number): Promise<RawWebSocket> {
  const socket = await openRawWebSocket(port);
  relays.later(() => socket.socket.destroy());
  return socket;
}

/** The relay's close frame arrived with `code`, and the relay ended the connection about 5 s later. */
async function expectEndedAfterGrace(
  relay: RelayProcess,
  socket: RawWebSocket,
  code: number,
): Promise<void> {
  const closeFrame = await socket.closeFrame;
  expect(closeFrame.code).toBe(code);
  const { at } = await socket.ended;
  expect(at - closeFrame.at).toBeGreaterThan(GRACE_MS - 500);
  expect(at - closeFrame.at).toBeLessThan(GRACE_MS + SLACK_MS);
  const health = await relay.health();
  expect(health.closing).toBe(0);
}

describe('a socket the relay closed whose peer never answers', () => {
  it('is ended 5 s after a 1013 "full" close, and counted as closing meanwhile', async () => {
    const relay = await relays.start(['--max-phones', '1']);
    await relays.open(relay.phoneSocketUrl);
    const turnedAway = await raw(relay.port);
    await turnedAway.closeFrame;
    expect((await relay.health()).closing).toBe(1);
    await expectEndedAfterGrace(relay, turnedAway, 1013);
  }, 20_000);

  it('is ended 5 s after a 4000 "replaced" close', async () => {
    const relay = await relays.start();
    const first = await raw(relay.port);
    first.sendText('{"type":"connect","sliderId":4242}');
    const installation = await relays.open(relay.installationUrl);
    await installation.next((m) => m.type === 'connect');
    const second = await relays.open(relay.phoneSocketUrl);
    second.send({ type: 'connect', sliderId: 4242 });
    await expectEndedAfterGrace(relay, first, 4000);
  }, 20_000);

  it('is ended 5 s after a 1008 flood close', async () => {
    const relay = await relays.start([
      '--phone-rate',
      '1',
      '--phone-burst',
      '1',
      '--flood-limit',
      '5',
    ]);
    const flooder = await raw(relay.port);
    for (let i = 0; i < 20; i += 1) flooder.sendText('{"type":"connect","sliderId":99}');
    await expectEndedAfterGrace(relay, flooder, 1008);
  }, 20_000);
});
