import { createRouter, type RouterLimits } from '../../../server/router';
import {
  buttonOf,
  connectOf,
  deleteOf,
  sliderOf,
  updateOf,
  type StickRest,
} from '../../helpers/phoneMessages';

/**
 * The texts a phone sends the router, exactly as on the wire. `disconnect` is
 * the relay's own delete, without the slot the router writes into it.
 */
export const phoneText = {
  connect: (id: number) => JSON.stringify(connectOf(id)),
  update: (id: number, x = 0.5, rest: StickRest = {}) => JSON.stringify(updateOf(id, x, rest)),
  slider: (id: number, name: string, value: number) => JSON.stringify(sliderOf(id, name, value)),
  button: (id: number, name: string, pressed: boolean) =>
    JSON.stringify(buttonOf(id, name, pressed)),
  delete: (id: number) => JSON.stringify(deleteOf(id)),
  disconnect: (id: number) => JSON.stringify({ ...deleteOf(id), reason: 'disconnect' }),
};

/** Generous enough that a test of another concern never meets a limit. */
const UNLIMITED: RouterLimits = {
  maxPhones: Infinity,
  phoneRate: 1e9,
  phoneBurst: 1e9,
  floodLimit: 1e9,
  slowInstallationBytes: Infinity,
  maxBacklog: Infinity,
  phoneBufferBytes: Infinity,
  connectTimeoutMs: Infinity,
  kickSeconds: 60,
};

/**
 * A router over string handles, with every platform seam in the test's hand:
 * everything it sends, closes, terminates and warns is recorded; an
 * installation is slow while `buffered` says so; time moves only by `advance`
 * and intervals fire only by `tick`.
 */
export function recordingRouter(limits: Partial<RouterLimits> = {}) {
  const sent: { to: string; text: string }[] = [];
  const closed: { handle: string; code: number; reason: string }[] = [];
  const terminated: string[] = [];
  const warnings: string[] = [];
  const buffered = new Map<string, number>();
  const timers = new Map<number, { intervalMs: number; tick: () => void }>();
  let nextTimer = 0;
  let clock = 0;
  const router = createRouter<string>(
    {
      send: (to, text) => sent.push({ to, text }),
      close: (handle, code, reason) => closed.push({ handle, code, reason }),
      buffered: (to) => buffered.get(to) ?? 0,
      terminate: (handle) => terminated.push(handle),
    },
    {
      warn: (line) => warnings.push(line),
      now: () => clock,
      every(intervalMs, tick) {
        const id = nextTimer++;
        timers.set(id, { intervalMs, tick });
        return () => timers.delete(id);
      },
      limits: { ...UNLIMITED, ...limits },
    },
  );
  return {
    router,
    sent,
    closed,
    terminated,
    warnings,
    buffered,
    timers,
    /** One interval passes for every timer: each batched installation, the slow check, the connect timeout. */
    tick: () => [...timers.values()].forEach((timer) => timer.tick()),
    advance: (ms: number) => (clock += ms),
    /** The texts sent to `handle`, in order. */
    textsTo: (handle: string) => sent.filter((s) => s.to === handle).map((s) => s.text),
    /** The same, parsed. */
    received: (handle: string) =>
      sent.filter((s) => s.to === handle).map((s) => JSON.parse(s.text)),
    /** Phone `handle` sends these texts, one frame each, in order. */
    say(handle: string, ...texts: string[]) {
      for (const text of texts) router.controllerMessage(handle, text);
    },
    /** Opens phone `handle` and connects it as user `id`. */
    join(handle: string, id: number) {
      router.controllerOpened(handle);
      router.controllerMessage(handle, phoneText.connect(id));
    },
  };
}
