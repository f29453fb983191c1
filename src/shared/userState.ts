/**
 * The one model of a user's state: what the relay's roster keeps for each
 * present user, what a slow installation's backlog folds between events,
 * what a batched frame carries, and what the monitor shows. Each keeps the
 * latest message of each control, so every copy says the same and a replay
 * is made of the very messages that were sent.
 */
import type {
  ButtonMessage,
  ConnectMessage,
  FrameUser,
  SliderMessage,
  Slotted,
  StickValues,
  UpdateMessage,
  UserId,
} from './protocol.js';

/** A control's message, as installations get it (with the slot) or as a phone sent it. */
type Update = UpdateMessage | Slotted<UpdateMessage>;
type Slider = SliderMessage | Slotted<SliderMessage>;
type Button = ButtonMessage | Slotted<ButtonMessage>;

/**
 * The latest message of each of a user's controls. The maps are null until
 * the first slider or button moves, since an empty Map per idle phone adds up
 * in a big crowd; each is keyed by name, least recently used first.
 */
export interface ControlState<
  U extends Update = Update,
  S extends Slider = Slider,
  B extends Button = Button,
> {
  update: U | null;
  sliders: Map<string, S> | null;
  buttons: Map<string, B> | null;
}

/** A present user as installations know them: their slot and connect, and their controls. */
export interface UserState extends ControlState<
  Slotted<UpdateMessage>,
  Slotted<SliderMessage>,
  Slotted<ButtonMessage>
> {
  /** The user's slot, given with their connect. */
  slot: number;
  /** Their connect as installations got it, for the replay. */
  connect: Slotted<ConnectMessage>;
}

// The monitor page uses this module, and its build must share no chunk with the phone
// app's (tests/monitor.html.test.ts), so nothing here is a value imported from
// protocol.ts: these two equal MAX_SLIDERS and STICK_AT_REST, as a test checks.

/**
 * A layout has at most MAX_SLIDERS sliders and as many buttons, but a reloaded
 * tab keeps its id and may bring another layout; keeping only the most
 * recently used names bounds the memory, so a hostile phone cannot grow it either.
 */
export const CONTROLS_KEPT_PER_USER = 4;

/** The stick of a user who never moved it. */
export const STICK_RESTING: Readonly<StickValues> = Object.freeze({
  x: 0,
  y: 0,
  speed: 0,
  angle: 0,
});

/** No control moved yet. */
export const noControls = <U extends Update, S extends Slider, B extends Button>(): ControlState<
  U,
  S,
  B
> => ({ update: null, sliders: null, buttons: null });

/** Keeps `message` as its control's latest, the most recently used last, the oldest beyond the bound dropped. */
function keepLatest<M extends { name: string }>(controls: Map<string, M>, message: M): void {
  controls.delete(message.name);
  controls.set(message.name, message);
  const oldest = controls.keys().next();
  if (controls.size > CONTROLS_KEPT_PER_USER && !oldest.done) controls.delete(oldest.value);
}

/** Folds one control message into `state`: it becomes that control's latest. */
export function foldControl<U extends Update, S extends Slider, B extends Button>(
  state: ControlState<U, S, B>,
  message: U | S | B,
): void {
  switch (message.type) {
    case 'update':
      state.update = message as U;
      return;
    case 'slider':
      keepLatest((state.sliders ??= new Map()), message as S);
      return;
    case 'button':
      keepLatest((state.buttons ??= new Map()), message as B);
      return;
  }
}

/** The latest message of each control: the stick, then each slider, then each button. */
export function controlMessages<U extends Update, S extends Slider, B extends Button>(
  state: Readonly<ControlState<U, S, B>>,
): (U | S | B)[] {
  const messages: (U | S | B)[] = [];
  if (state.update) messages.push(state.update);
  if (state.sliders) messages.push(...state.sliders.values());
  if (state.buttons) messages.push(...state.buttons.values());
  return messages;
}

/** A user's latest state in the shape a batched frame carries it. */
export function frameUser(id: UserId, state: Readonly<UserState>): FrameUser {
  const { x, y, speed, angle } = state.update ?? STICK_RESTING;
  const sliders: Record<string, number> = {};
  for (const [name, message] of state.sliders ?? []) sliders[name] = message.value;
  const buttons: Record<string, boolean> = {};
  for (const [name, message] of state.buttons ?? []) buttons[name] = message.pressed;
  return { sliderId: id, slot: state.slot, x, y, speed, angle, sliders, buttons };
}

/** The messages a frame's user stands for: their stick, each slider and each button, as if sent one by one. */
export function frameUserMessages(
  user: FrameUser,
): (Slotted<UpdateMessage> | Slotted<SliderMessage> | Slotted<ButtonMessage>)[] {
  const { sliderId, slot, x, y, speed, angle } = user;
  return [
    { type: 'update', sliderId, slot, x, y, speed, angle },
    ...Object.entries(user.sliders).map(([name, value]) => ({
      type: 'slider' as const,
      sliderId,
      slot,
      name,
      value,
    })),
    // A relay from before buttons sends frames without them.
    ...Object.entries(user.buttons ?? {}).map(([name, pressed]) => ({
      type: 'button' as const,
      sliderId,
      slot,
      name,
      pressed,
    })),
  ];
}
