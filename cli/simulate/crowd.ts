/**
 * A crowd of simulated phones on one clock: one timer ticks them all at the
 * page's rate, rather than a timer each, so a thousand phones cost the
 * simulator a thousand calls a tick and no more.
 */
import { createPhone, type PhoneState, type SimulatedPhone } from './phone.js';
import { arrivalDelay } from './plan.js';
import { seededRandom, type Random } from './random.js';

export interface CrowdOptions {
  phones: number;
  /** The relay's phone socket, `ws://HOST:PORT/ws`. */
  url: string;
  sliders: readonly string[];
  buttons: readonly string[];
  /** The page's `rate`: most messages a second per control. */
  rate: number;
  /** The page's `idle`, in seconds. */
  idleSeconds: number;
  /** The phones arrive spread over this many seconds. */
  arrivalSeconds: number;
  /** Fixes every phone's choices, for a crowd that can be asked for again. */
  seed: number;
  /** Each distinct socket failure, the first time any phone meets it. */
  onError?(why: string): void;
}

/** The crowd at a glance. */
export interface CrowdStatus {
  phones: number;
  byState: Record<PhoneState, number>;
  /** Messages sent in all. */
  sent: number;
}

export interface Crowd {
  status(): CrowdStatus;
  /** Every phone says `delete` and closes; resolves once all have, with how many were present to say it. */
  stop(): Promise<number>;
}

export function startCrowd(options: CrowdOptions): Crowd {
  const master: Random = seededRandom(options.seed);
  const tickMs = 1000 / options.rate;
  const now = performance.now();
  const seen = new Set<string>();
  const onError = (why: string) => {
    if (seen.has(why)) return;
    seen.add(why);
    options.onError?.(why);
  };
  const phones: SimulatedPhone[] = Array.from({ length: options.phones }, () => {
    const random = seededRandom(Math.floor(master() * 2 ** 32));
    return createPhone(
      {
        url: options.url,
        sliders: options.sliders,
        buttons: options.buttons,
        tickMs,
        idleMs: options.idleSeconds * 1000,
        random,
        onError,
      },
      now + arrivalDelay(random, options.arrivalSeconds * 1000),
    );
  });
  const timer = setInterval(() => {
    const at = performance.now();
    for (const phone of phones) phone.tick(at);
  }, tickMs);

  return {
    status() {
      const byState: Record<PhoneState, number> = {
        waiting: 0,
        playing: 0,
        idle: 0,
        away: 0,
        full: 0,
        kicked: 0,
        'turned-away': 0,
      };
      let sent = 0;
      for (const phone of phones) {
        byState[phone.state()] += 1;
        sent += phone.sent();
      }
      return { phones: phones.length, byState, sent };
    },
    async stop() {
      clearInterval(timer);
      const said = await Promise.all(phones.map((phone) => phone.stop()));
      return said.filter(Boolean).length;
    },
  };
}
