import { round3, clamp } from '../geometry/round';
import {
  buttonMessage,
  sliderMessage,
  STICK_AT_REST,
  updateMessage,
  type ButtonMessage,
  type SliderMessage,
  type StickValues,
  type UpdateMessage,
  type UserId,
} from '../shared/protocol';
import { createThrottle } from '../throttle';

/** Hands a control's message to the socket; false when it could not go out. */
export type Transmit = (message: UpdateMessage | SliderMessage | ButtonMessage) => boolean;

/** The latest state of the stick and of each slider, each behind its own throttle. */
export interface Controls {
  moveStick(stick: StickValues): void;
  /**
   * Points the stick without holding it (tilt): the values go through the
   * same throttle, but nothing counts as held, so the idle wait still runs.
   */
  aimStick(stick: StickValues): void;
  /** Pushes the final 0,0,0,0. */
  releaseStick(): void;
  moveSlider(name: string, value: number): void;
  /** Pushes the slider's final value; a slider never moved has none. */
  releaseSlider(name: string): void;
  /**
   * A button went down: `pressed: true` goes out at once, past every
   * throttle. Pressing a held button again does nothing.
   */
  pressButton(name: string): void;
  /** A held button came up: `pressed: false` goes out at once. */
  releaseButton(name: string): void;
  /** Lets go of every held control, pushing each final value and sending each button's release. */
  releaseAll(): void;
  /**
   * Forgets the sliders a new layout no longer has, so they are not re-sent
   * after the next `connect`; call `releaseAll` first.
   */
  keepSliders(names: readonly string[]): void;
  stickHeld(): boolean;
  sliderHeld(name: string): boolean;
  buttonHeld(name: string): boolean;
  /** The value a slider was last moved to, or undefined for one never moved. */
  sliderValue(name: string): number | undefined;
  anyHeld(): boolean;
  /**
   * Pushes what a fresh relay session must be told, right after its `connect`:
   * the value of every slider ever moved, held or not, since the relay keeps
   * none of it across a restart or a `delete`; and the stick if it is held,
   * as a stick at rest is what the relay assumes; and each held button's
   * press, as a button up is what it assumes.
   */
  pushCurrent(): void;
  /** Sends every waiting value now. */
  flush(): void;
  /**
   * Starts over for a fresh relay session: waiting values are dropped and
   * nothing counts as sent, so the next value of each control goes out at once.
   */
  reset(): void;
}

interface Channel<T> {
  push(value: T): void;
  flush(): void;
  reset(): void;
}

/** One control's throttle, which skips a value equal to the one it last sent. */
function createChannel<T>(
  intervalMs: number,
  same: (a: T, b: T) => boolean,
  transmit: (value: T) => boolean,
): Channel<T> {
  let lastSent: { value: T } | null = null;
  const throttle = createThrottle<T>(intervalMs, (value) => {
    if (lastSent && same(lastSent.value, value)) return;
    if (transmit(value)) lastSent = { value };
  });
  return {
    push: throttle.push,
    flush: throttle.flush,
    reset() {
      throttle.cancel();
      lastSent = null;
    },
  };
}

const sameStick = (a: StickValues, b: StickValues) =>
  a.x === b.x && a.y === b.y && a.speed === b.speed && a.angle === b.angle;

const sameNumber = (a: number, b: number) => a === b;

interface SliderState {
  held: boolean;
  value: number;
  channel: Channel<number>;
}

/**
 * Keeps each control's latest value in plain variables (never in store state,
 * so a drag re-renders nothing) and sends it through a throttle of
 * `intervalMs` per control.
 */
export function createControls(
  userId: () => UserId,
  intervalMs: number,
  transmit: Transmit,
): Controls {
  let stickHeld = false;
  let stick: StickValues = STICK_AT_REST;
  const stickChannel = createChannel(intervalMs, sameStick, (values: StickValues) =>
    transmit(updateMessage(userId(), values)),
  );
  // A slider gets its entry when it is first moved, so every entry is one to re-send.
  const sliders = new Map<string, SliderState>();

  const sliderFor = (name: string): SliderState => {
    let slider = sliders.get(name);
    if (!slider) {
      const channel = createChannel(intervalMs, sameNumber, (value: number) =>
        transmit(sliderMessage(userId(), name, value)),
      );
      slider = { held: false, value: 0, channel };
      sliders.set(name, slider);
    }
    return slider;
  };
  // Only the held ones: a button up is what a fresh relay session assumes.
  const buttonsHeld = new Set<string>();
  // The presses this relay session has heard: a release goes out only after
  // its press did, and a press re-sent after `connect` is never sent twice.
  const buttonsTold = new Set<string>();
  const tellPress = (name: string) => {
    if (!buttonsTold.has(name) && transmit(buttonMessage(userId(), name, true))) {
      buttonsTold.add(name);
    }
  };
  const channels = () => [stickChannel, ...Array.from(sliders.values(), (s) => s.channel)];

  const controls: Controls = {
    moveStick(values) {
      stickHeld = true;
      // Only the wire fields: the geometry's reading also carries knob pixels.
      stick = { x: values.x, y: values.y, speed: values.speed, angle: values.angle };
      stickChannel.push(stick);
    },
    aimStick(values) {
      stick = { x: values.x, y: values.y, speed: values.speed, angle: values.angle };
      stickChannel.push(stick);
    },
    releaseStick() {
      stickHeld = false;
      stick = STICK_AT_REST;
      stickChannel.push(stick);
    },
    moveSlider(name, value) {
      const slider = sliderFor(name);
      slider.held = true;
      slider.value = round3(clamp(value, 0, 1));
      slider.channel.push(slider.value);
    },
    releaseSlider(name) {
      // A slider never moved has no value to report, now or after a reconnect.
      const slider = sliders.get(name);
      if (!slider) return;
      slider.held = false;
      slider.channel.push(slider.value);
    },
    pressButton(name) {
      if (buttonsHeld.has(name)) return;
      buttonsHeld.add(name);
      tellPress(name);
    },
    releaseButton(name) {
      if (!buttonsHeld.delete(name) || !buttonsTold.delete(name)) return;
      transmit(buttonMessage(userId(), name, false));
    },
    releaseAll() {
      // A stick tilt aimed is not held, yet it must come back to rest too.
      if (stickHeld || !sameStick(stick, STICK_AT_REST)) controls.releaseStick();
      for (const [name, slider] of sliders) if (slider.held) controls.releaseSlider(name);
      for (const name of [...buttonsHeld]) controls.releaseButton(name);
    },
    keepSliders(names) {
      for (const [name, slider] of sliders) {
        if (names.includes(name)) continue;
        // Its final value, pushed by the release, still goes out.
        slider.channel.flush();
        slider.channel.reset();
        sliders.delete(name);
      }
    },
    stickHeld: () => stickHeld,
    sliderHeld: (name) => sliders.get(name)?.held === true,
    buttonHeld: (name) => buttonsHeld.has(name),
    sliderValue: (name) => sliders.get(name)?.value,
    anyHeld: () =>
      stickHeld || buttonsHeld.size > 0 || Array.from(sliders.values()).some((s) => s.held),
    pushCurrent() {
      if (stickHeld) stickChannel.push(stick);
      for (const slider of sliders.values()) slider.channel.push(slider.value);
      for (const name of buttonsHeld) tellPress(name);
    },
    flush: () => channels().forEach((channel) => channel.flush()),
    reset() {
      channels().forEach((channel) => channel.reset());
      buttonsTold.clear();
    },
  };
  return controls;
}
