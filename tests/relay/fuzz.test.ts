import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseControllerMessage, type ControllerMessage } from '../../src/shared/protocol';
import { startRelayProcess, type RelayProcess } from '../helpers/relayProcess';
import { slotted } from '../helpers/slotted';
import { openClient, type Received, type TestClient } from '../helpers/wsClient';

/** How long fast-check may keep generating; a run in progress is finished. */
const TIME_LIMIT_MS = 4000;
/** Far from the ids the fuzzer favours, so it does not take the marker phone's id over. */
const MARKER_ID = 123_456_789;

let relay: RelayProcess;
let installation: TestClient;
let marker: TestClient;
let phone: TestClient | null = null;
let markers = 0;
/** Frames of the fuzzer's that got through: the property must see some, or it proves nothing. */
let forwarded = 0;
/** How many of the installation's frames were checked so far. */
let checked = 0;
/** The slot of every user present, as the installation was told. */
const slotOf = new Map<number, number>();

/** Every message of a user carries the slot of their connect, and no two present users share one. */
function expectRightSlot(message: ControllerMessage, slot: unknown, text: string): void {
  const held = slotOf.get(message.sliderId);
  if (message.type === 'connect' && held === undefined) {
    expect(Number.isInteger(slot) && (slot as number) >= 1, text).toBe(true);
    expect([...slotOf.values()], `${text}: a slot already held`).not.toContain(slot);
    slotOf.set(message.sliderId, slot as number);
    return;
  }
  // A connect of a present user is their tab on a newer socket: the same slot.
  expect(slot, `${text}: the slot of ${message.sliderId}`).toBe(held);
  if (message.type === 'delete') slotOf.delete(message.sliderId);
}

beforeAll(async () => {
  // A rate limit far above what the fuzzer sends: every frame is judged on its content.
  relay = await startRelayProcess(['--phone-rate', '10000', '--phone-burst', '10000']);
  installation = await openClient(relay.installationUrl);
  marker = await openClient(relay.phoneSocketUrl);
  marker.send({ type: 'connect', sliderId: MARKER_ID });
  expect(
    await installation.next((m: Received) => m.type === 'connect' && m.sliderId === MARKER_ID),
  ).toEqual({ type: 'connect', sliderId: MARKER_ID, slot: 1 });
  slotOf.set(MARKER_ID, 1);
  checked = installation.texts.length;
});

afterAll(async () => {
  await Promise.all([installation, marker, phone].map((client) => client?.close()));
  await relay.stop();
});

/** Values that come close to the contract, so that many frames get past the first checks. */
const nearNumber = fc.oneof(
  fc.double(),
  fc.integer(),
  fc.constantFrom(0, -0, 1, -1, 100, 359, 360, 2147483647, 2147483648, 1e308, -1e-9),
);
const nearValue = fc.oneof(nearNumber, fc.string(), fc.boolean(), fc.constant(null), fc.anything());
const messageObject = fc.record(
  {
    type: fc.oneof(
      fc.constantFrom('connect', 'update', 'slider', 'delete', 'subscribe'),
      fc.anything(),
    ),
    sliderId: fc.oneof(fc.integer({ min: 1, max: 50 }), nearValue),
    x: nearValue,
    y: nearValue,
    speed: nearValue,
    angle: nearValue,
    name: fc.oneof(fc.string({ maxLength: 40 }), nearValue),
    value: nearValue,
    reason: fc.oneof(fc.constant('disconnect'), nearValue),
    ['__proto__']: fc.anything(),
    constructor: fc.anything(),
  },
  { requiredKeys: [] },
);

/** Frames within the contract, so that the stream behind the checks is exercised too. */
const fuzzId = fc.constantFrom(1, 2, 3);
const unit = (min: number) => fc.double({ min, max: 1, noNaN: true });
const validMessage = fc.oneof(
  fc.record({ type: fc.constant('connect'), sliderId: fuzzId }),
  fc.record({ type: fc.constant('delete'), sliderId: fuzzId }),
  fc.record({
    type: fc.constant('update'),
    sliderId: fuzzId,
    x: unit(-1),
    y: unit(-1),
    speed: fc.integer({ min: 0, max: 100 }),
    angle: fc.integer({ min: 0, max: 359 }),
  }),
  fc.record({
    type: fc.constant('slider'),
    sliderId: fuzzId,
    name: fc.string({ minLength: 1, maxLength: 32 }),
    value: unit(0),
  }),
);

/** A frame as a phone (or an attacker) might send it. */
const frame = fc.oneof(
  validMessage.map((value) => ({ kind: 'text' as const, data: JSON.stringify(value) })),
  messageObject.map((value) => ({ kind: 'text' as const, data: JSON.stringify(value) ?? '' })),
  fc.string({ maxLength: 200 }).map((data) => ({ kind: 'text' as const, data })),
  fc.uint8Array({ maxLength: 200 }).map((data) => ({ kind: 'raw-text' as const, data })),
  fc.uint8Array({ maxLength: 200 }).map((data) => ({ kind: 'binary' as const, data })),
);

async function openPhone(): Promise<TestClient> {
  if (phone && phone.socket.readyState === phone.socket.OPEN) return phone;
  phone = await openClient(relay.phoneSocketUrl);
  return phone;
}

describe('the relay, fuzzed with random frames', () => {
  it('never crashes and forwards only valid, re-serialised controller messages, each with its user’s slot', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(frame, { maxLength: 20 }), async (frames) => {
        const sender = await openPhone();
        for (const sent of frames) {
          if (sender.socket.readyState !== sender.socket.OPEN) break;
          if (sent.kind === 'text') sender.send(sent.data);
          else if (sent.kind === 'raw-text') sender.sendRawText(sent.data);
          else sender.sendBinary(sent.data);
        }
        // Frames of one socket are not ordered with another's; the marker only bounds the wait.
        markers += 1;
        const value = markers / 100000;
        marker.send({ type: 'slider', sliderId: MARKER_ID, name: 'marker', value });
        await installation.next((m: Received) => m.name === 'marker' && m.value === value);
        // From the first frame not yet checked: one that came after the last run's marker counts too.
        const unchecked = installation.texts.slice(checked);
        checked += unchecked.length;
        for (const text of unchecked) {
          if (!text.includes('"marker"')) forwarded += 1;
          const parsed = parseControllerMessage(text);
          expect(parsed.ok, text).toBe(true);
          if (!parsed.ok) continue;
          const slot: unknown = JSON.parse(text).slot;
          if (!text.includes('"reason"')) {
            expect(text).toBe(JSON.stringify(slotted(parsed.message, slot as number)));
          }
          expectRightSlot(parsed.message, slot, text);
        }
      }),
      { interruptAfterTimeLimit: TIME_LIMIT_MS, numRuns: 1_000_000 },
    );
    const health = await relay.health();
    expect(health.ok).toBe(true);
    expect(health.messagesIn).toBeGreaterThan(100);
    expect(forwarded).toBeGreaterThan(10);
    expect(installation.socket.readyState).toBe(installation.socket.OPEN);
  }, 30_000);
});
