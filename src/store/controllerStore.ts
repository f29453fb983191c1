import { createStore, type StoreApi } from 'zustand/vanilla';
import {
  connectMessage,
  deleteMessage,
  isSliderName,
  REPLACED_CLOSE_CODE,
  type ButtonMessage,
  type ControllerMessage,
  type UserId,
} from '../shared/protocol';
import { checkLayout, isControlName, layoutProblemText } from '../shared/layout';
import { openConnection, type Connection } from './connection';
import { createControls } from './controls';
import { createIdleTimer } from './idle';
import { BANNER_SHOWN_MS, handleIncoming } from './incoming';
import { resolveStoreOptions } from './options';
import type { ControllerState, ControllerStoreOptions } from './types';

export { DEFAULT_STORE_OPTIONS } from './options';

/** How long the page says a layout it got could not be used: long enough for the operator to read it. */
export const LAYOUT_PROBLEM_SHOWN_MS = 10_000;

/**
 * The controller's store: it owns the socket, the throttles and the idle timer.
 * State holds only what components render (status, user id, slot, colour, banner);
 * control values live in closures, so a drag changes no state and re-renders
 * nothing. Options are checked here, and a bad one throws at once.
 */
export function createControllerStore(input: ControllerStoreOptions): StoreApi<ControllerState> {
  const options = resolveStoreOptions(input);
  let userId = options.userId;

  let connection: Connection | null = null;
  let stopRunning: (() => void) | null = null;
  /**
   * The relay has this phone's `connect` on the current socket, and no
   * `delete` since. Kept here for the sends and mirrored in state (through
   * `setPresent`) for the page; it changes at a join or a leave, never mid-drag.
   */
  let present = false;
  let bannerTimer: ReturnType<typeof setTimeout> | undefined;
  let layoutProblemTimer: ReturnType<typeof setTimeout> | undefined;

  // ButtonMessage is named apart for a relay contract that lists it beside the others.
  const send = (message: ControllerMessage | ButtonMessage) =>
    connection?.send(JSON.stringify(message)) ?? false;
  // Control messages go out only between `connect` and `delete`; while the
  // socket is down they are dropped, never queued: only the latest state matters.
  const controls = createControls(
    () => userId,
    1000 / options.rate,
    (message) => present && send(message),
  );
  const idle = createIdleTimer(options.idleSeconds * 1000, () => leave());

  /**
   * Starts a fresh relay session with `connect`. The relay then knows nothing of
   * this phone's controls (it restarted, or forgot them at the `delete`), so
   * each caller follows it with `controls.pushCurrent()` in the same turn.
   */
  function sayConnect() {
    controls.reset();
    setPresent(send(connectMessage(userId)));
  }

  function setPresent(next: boolean) {
    present = next;
    if (store.getState().present !== next) store.setState({ present: next });
  }

  /** Holding a control counts as interaction, so the idle wait runs only while nothing is held. */
  function rearmIdle() {
    if (present && !controls.anyHeld()) idle.restart();
    else idle.stop();
  }

  /** Idle or hidden: send what is waiting, then `delete`; the next interaction says `connect` again. */
  function leave() {
    controls.flush();
    if (present) send(deleteMessage(userId));
    notPresent();
  }

  /**
   * Every action is an interaction: after a `delete` it says `connect` before
   * anything else, and then the current value of every moved slider, so the
   * roster is whole again. Those follow the action itself, which thus goes out
   * at once with its new value rather than one throttle interval later; a
   * control the action just sent is not sent again.
   */
  function interact(change: () => void) {
    const rejoining = !present && connection?.isOpen() === true;
    if (rejoining) sayConnect();
    change();
    if (rejoining) controls.pushCurrent();
    rearmIdle();
  }

  /**
   * The contract makes `connect` the first thing on every new socket, even for
   * a visitor deleted for idling: the idle timer then deletes them again. The
   * relay may be a restarted one that knows nothing of this phone, so every
   * moved slider's value and a held stick follow at once.
   */
  function onOpen() {
    sayConnect();
    controls.pushCurrent();
    rearmIdle();
  }

  /**
   * The page's own `delete`, or the socket gone: the relay no longer counts
   * this user, so the slot is no longer theirs either.
   */
  function notPresent() {
    setPresent(false);
    controls.reset();
    idle.stop();
    if (store.getState().slot !== null) store.setState({ slot: null });
  }

  /**
   * The phone's own reconnects leave their old sockets behind, so a takeover
   * of the current socket means another tab or device uses this id.
   */
  function takeNewIdIfReplaced(code: number | undefined): UserId | null {
    if (code !== REPLACED_CLOSE_CODE || !options.renewUserId) return null;
    userId = options.renewUserId();
    return userId;
  }

  const store = createStore<ControllerState>()((set, get) => {
    const setColor = (color: string | null) => {
      if (get().color !== color) set({ color });
    };
    // A banner is news, not a label: it clears itself, and the same text sent again shows again.
    const setBanner = (banner: string | null) => {
      clearTimeout(bannerTimer);
      if (banner !== null) bannerTimer = setTimeout(() => set({ banner: null }), BANNER_SHOWN_MS);
      if (get().banner !== banner) set({ banner });
    };
    // A slot told after the page's own `delete` was for the session just left.
    const setSlot = (slot: number) => {
      if (present && get().slot !== slot) set({ slot });
    };
    const applyLayout = (value: unknown, source: 'start' | 'installation') => {
      if (source === 'start' && get().layout !== null) return false;
      const check = checkLayout(value);
      clearTimeout(layoutProblemTimer);
      if (!check.ok) {
        layoutProblemTimer = setTimeout(
          () => set({ layoutProblem: null }),
          LAYOUT_PROBLEM_SHOWN_MS,
        );
        set({ layoutProblem: layoutProblemText(check) });
        return false;
      }
      // Releases first, each sent, so no finger stays down on a control that is gone.
      controls.releaseAll();
      controls.flush();
      controls.keepSliders(check.layout.sliders.map((slider) => slider.name));
      rearmIdle();
      set({
        layout: check.layout,
        layoutGeneration: get().layoutGeneration + 1,
        layoutProblem: null,
      });
      return true;
    };

    return {
      status: 'connecting',
      refusal: null,
      unreachable: false,
      present: false,
      userId,
      color: null,
      banner: null,
      slot: null,
      layout: null,
      layoutGeneration: 0,
      layoutProblem: null,

      start() {
        // React's StrictMode starts, stops and starts again: only one run may live.
        stopRunning?.();
        const own: Connection = openConnection({
          url: options.url,
          openSocket: options.openSocket,
          random: options.random,
          now: options.now,
          ...(options.relayAnswers ? { relayAnswers: options.relayAnswers } : {}),
          // Returning the same state object notifies no one.
          onStatus: ({ status, refusal, unreachable }) =>
            set((state) =>
              state.status === status &&
              state.refusal === refusal &&
              state.unreachable === unreachable
                ? state
                : { status, refusal, unreachable },
            ),
          onOpen,
          onClose(code) {
            notPresent();
            const renewed = takeNewIdIfReplaced(code);
            if (renewed !== null) set({ userId: renewed });
          },
          onText: (text) =>
            handleIncoming(text, {
              reply: (reply) => own.send(reply),
              setColor,
              setBanner,
              setSlot,
              applyLayout: (layout) => applyLayout(layout, 'installation'),
              vibrate: options.vibrate,
            }),
        });
        connection = own;
        const stop = () => {
          if (stopRunning !== stop) return;
          stopRunning = null;
          connection = null;
          clearTimeout(bannerTimer);
          clearTimeout(layoutProblemTimer);
          own.close();
          notPresent();
        };
        stopRunning = stop;
        return stop;
      },

      moveStick: (stick) => interact(() => controls.moveStick(stick)),
      releaseStick() {
        if (controls.stickHeld()) interact(() => controls.releaseStick());
      },
      tiltStick: (stick) => interact(() => controls.aimStick(stick)),
      moveSlider(name, value) {
        // The relay would drop every frame of a bad name; better never to send one.
        if (!isSliderName(name) || Number.isNaN(value)) return;
        interact(() => controls.moveSlider(name, value));
      },
      releaseSlider(name) {
        if (controls.sliderHeld(name)) interact(() => controls.releaseSlider(name));
      },
      sliderValue: (name) => controls.sliderValue(name),
      pressButton(name) {
        if (!isControlName(name) || controls.buttonHeld(name)) return;
        interact(() => controls.pressButton(name));
      },
      releaseButton(name) {
        if (controls.buttonHeld(name)) interact(() => controls.releaseButton(name));
      },
      applyLayout,
      touch: () => interact(() => {}),
      pageHidden() {
        controls.releaseAll();
        leave();
      },
      pageShown: () => connection?.retryNow(),
      setNetworkOnline: (online) => connection?.setNetworkOnline(online),
    };
  });
  return store;
}
