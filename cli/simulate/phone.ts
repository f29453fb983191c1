/**
 * One simulated phone: a socket to the relay's `/ws`, and a visitor's plan
 * (plan.ts) played through it with the page's own messages (the shared
 * protocol module) at the page's own rate. It reconnects as the page does:
 * later when the installation is full, after the wait a kick names, soon when
 * the relay went away.
 */
import WebSocket from 'ws';
import {
  FLOOD_CLOSE_CODE,
  FLOOD_CLOSE_REASON,
  FULL_CLOSE_CODE,
  KICKED_CLOSE_CODE,
  MAX_USER_ID,
  STICK_AT_REST,
  buttonMessage,
  connectMessage,
  deleteMessage,
  kickSecondsOf,
  sliderMessage,
  updateMessage,
  type ControllerMessage,
  type StickValues,
  type UserId,
} from '../../src/shared/protocol.js';
import { round3 } from '../../src/geometry/round.js';
import { anyGesture, type Gesture } from './gestures.js';
import { nextSpell, nudgesSlider, pressMs, pressesButton, type Spell } from './plan.js';
import { between, type Random } from './random.js';

export interface PhoneOptions {
  /** The relay's phone socket, `ws://HOST:PORT/ws`. */
  url: string;
  sliders: readonly string[];
  buttons: readonly string[];
  /** Milliseconds between two messages of one control: 1000 / the page's `rate`. */
  tickMs: number;
  /** The page's `idle`: milliseconds without interaction before it sends `delete`. */
  idleMs: number;
  random: Random;
  /** Why a socket failed (`ECONNREFUSED`, `Unexpected server response: 403`), for the crowd to report once. */
  onError?(why: string): void;
}

/** Where a phone stands, for the status line; `waiting` is not yet arrived, or its socket opening. */
export type PhoneState =
  'waiting' | 'playing' | 'idle' | 'away' | 'full' | 'kicked' | 'turned-away';

export interface SimulatedPhone {
  readonly id: UserId;
  /** Advances the plan to `nowMs` (performance.now()), sending what the visitor did since the last tick. */
  tick(nowMs: number): void;
  state(): PhoneState;
  /** Messages sent so far. */
  sent(): number;
  /** Says `delete` if present, closes the socket, and resolves once it has closed: true if it said delete. */
  stop(): Promise<boolean>;
}

/** How long a phone waits to try again after the relay went away, or was full. */
const RETRY_SOON_MS = [500, 2000] as const;
const RETRY_FULL_MS = [3000, 8000] as const;
/** A slider nudge: the thumb drags it to a new value in this long. */
const NUDGE_MS = [300, 900] as const;
/** A socket that does not close by itself this long after `stop` is ended. */
const STOP_GRACE_MS = 1000;

interface Nudge {
  name: string;
  from: number;
  to: number;
  startMs: number;
  ms: number;
}

export function createPhone(options: PhoneOptions, startAtMs: number): SimulatedPhone {
  const { random, tickMs, idleMs } = options;
  const id = 1 + Math.floor(random() * MAX_USER_ID);
  let socket: WebSocket | null = null;
  let open = false;
  let present = false;
  let stopped = false;
  let openAtMs = startAtMs;
  let status: PhoneState = 'waiting';
  let sentCount = 0;
  let spell: Spell | null = null;
  let spellStartMs = 0;
  let gesture: Gesture | null = null;
  let lastStick: StickValues = STICK_AT_REST;
  let nudge: Nudge | null = null;
  const sliderValues = new Map(options.sliders.map((name) => [name, 0.5]));
  /** Buttons held now, with when each is let go. */
  const held = new Map<string, number>();

  /** Lets go of every button held, as a thumb lifted from the phone does. */
  const releaseAll = () => {
    for (const name of held.keys()) send(buttonMessage(id, name, false));
    held.clear();
  };

  const send = (message: ControllerMessage) => {
    if (!socket || !open) return;
    socket.send(JSON.stringify(message));
    sentCount += 1;
  };

  const join = () => {
    if (present) return;
    send(connectMessage(id));
    present = open;
  };

  const leave = () => {
    if (!present) return;
    releaseAll();
    send(deleteMessage(id));
    present = false;
  };

  const retryIn = ([min, max]: readonly [number, number], nowMs: number) => {
    openAtMs = nowMs + between(random, min, max);
  };

  const connect = () => {
    status = 'waiting';
    const own = new WebSocket(options.url);
    socket = own;
    own.on('open', () => {
      if (socket !== own) return;
      open = true;
      status = 'playing';
      // The page says connect as soon as its socket opens, unless its visitor is away.
      if (spell?.kind !== 'idle' && spell?.kind !== 'away') join();
    });
    own.on('message', () => {
      // The relay's `slot` and the installation's sends: a phone takes them in, nothing more.
    });
    own.on('error', (error: NodeJS.ErrnoException) => {
      // Followed by 'close', where the retry is decided.
      options.onError?.(error.code ?? error.message);
    });
    own.on('close', (code, reasonBytes) => {
      if (socket !== own) return;
      socket = null;
      open = false;
      present = false;
      if (stopped) return;
      const now = performance.now();
      if (code === FULL_CLOSE_CODE) {
        status = 'full';
        retryIn(RETRY_FULL_MS, now);
      } else if (code === KICKED_CLOSE_CODE) {
        status = 'kicked';
        const seconds = kickSecondsOf(reasonBytes.toString()) ?? 60;
        openAtMs = now + seconds * 1000 + between(random, 0, 1000);
      } else if (code === FLOOD_CLOSE_CODE && reasonBytes.toString() === FLOOD_CLOSE_REASON) {
        // The relay turned this phone away for what it sent: trying again would be the same.
        // (1008 is also "no connect in time", for a socket that reopened while its
        // visitor was idle: that one comes back like any other.)
        status = 'turned-away';
        openAtMs = Infinity;
      } else if (spell?.kind !== 'away') {
        status = 'waiting';
        retryIn(RETRY_SOON_MS, now);
      }
    });
  };

  const beginSpell = (nowMs: number) => {
    spell = nextSpell(random, spell?.kind ?? null, idleMs);
    spellStartMs = nowMs;
    if (spell.kind === 'play') {
      gesture = anyGesture(random);
      status = 'playing';
      join();
    } else if (spell.kind === 'away') {
      // Closing the page: the page says delete on the way out, then the socket ends.
      leave();
      status = 'away';
      socket?.close(1000, 'page closed');
      socket = null;
      open = false;
      openAtMs = nowMs + spell.ms;
    }
  };

  const endSpell = () => {
    if (spell?.kind === 'play') {
      if (lastStick.speed !== 0 || lastStick.x !== 0 || lastStick.y !== 0) {
        lastStick = STICK_AT_REST;
        send(updateMessage(id, STICK_AT_REST));
      }
      if (nudge) finishNudge();
      releaseAll();
    }
  };

  const finishNudge = () => {
    const done = nudge!;
    nudge = null;
    sliderValues.set(done.name, done.to);
    send(sliderMessage(id, done.name, done.to));
  };

  const play = (nowMs: number) => {
    const stick = gesture!(nowMs - spellStartMs);
    if (stick.x !== lastStick.x || stick.y !== lastStick.y || stick.speed !== lastStick.speed) {
      lastStick = stick;
      send(updateMessage(id, stick));
    }
    if (!nudge && options.sliders.length > 0 && nudgesSlider(random, tickMs)) {
      const name = options.sliders[Math.floor(random() * options.sliders.length)]!;
      const from = sliderValues.get(name) ?? 0.5;
      const to = round3(Math.min(1, Math.max(0, from + between(random, -0.4, 0.4))));
      nudge = { name, from, to, startMs: nowMs, ms: between(random, ...NUDGE_MS) };
    }
    for (const [name, upAt] of held) {
      if (nowMs < upAt) continue;
      held.delete(name);
      send(buttonMessage(id, name, false));
    }
    if (options.buttons.length > 0 && pressesButton(random, tickMs)) {
      const name = options.buttons[Math.floor(random() * options.buttons.length)]!;
      if (!held.has(name)) {
        held.set(name, nowMs + pressMs(random));
        send(buttonMessage(id, name, true));
      }
    }
    if (nudge) {
      const t = (nowMs - nudge.startMs) / nudge.ms;
      if (t >= 1) finishNudge();
      else send(sliderMessage(id, nudge.name, round3(nudge.from + (nudge.to - nudge.from) * t)));
    }
  };

  return {
    id,
    tick(nowMs) {
      if (stopped) return;
      if (!socket && nowMs >= openAtMs) {
        if (spell?.kind === 'away') {
          // Back from away: the page opens again, and plays.
          spell = null;
        }
        connect();
      }
      if (!open) return;
      if (!spell) beginSpell(nowMs);
      if (nowMs - spellStartMs >= spell!.ms) {
        endSpell();
        beginSpell(nowMs);
        if (!open) return;
      }
      const current = spell!;
      if (current.kind === 'play') play(nowMs);
      else if (current.kind === 'idle' && present && nowMs - spellStartMs >= idleMs) {
        leave();
        status = 'idle';
      }
    },
    state: () => status,
    sent: () => sentCount,
    stop() {
      stopped = true;
      const own = socket;
      if (!own) return Promise.resolve(false);
      const saidDelete = present && open;
      leave();
      return new Promise<boolean>((done) => {
        const timer = setTimeout(() => {
          own.terminate();
          done(saidDelete);
        }, STOP_GRACE_MS);
        own.once('close', () => {
          clearTimeout(timer);
          done(saidDelete);
        });
        if (own.readyState === WebSocket.CONNECTING) own.terminate();
        else own.close(1000, 'simulation ended');
      });
    },
  };
}
