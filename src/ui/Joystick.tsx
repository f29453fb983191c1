import { Suspense, useEffect, useRef } from 'react';
import { useStore, type StoreApi } from 'zustand';
import { isOnBase, stickFromOffset, type StickReading } from '../geometry/joystick';
import type { StickSpec } from '../shared/layout';
import type { ControllerState } from '../store/types';
import { usePointerDrag } from './usePointerDrag';
import { useCanvasPainter } from './useCanvasPainter';
import { stickLayout, type StickLayout } from './stickLayout';
import { paintStick } from './paintStick';
import type { Push } from '../geometry/keyboardStick';
import { Tilt } from './lazyTilt';
import type { StickPort } from './stickPort';

/**
 * The least change of x or y that a tilt passes on: a phone lying still
 * jitters by less, and would otherwise count as a visitor playing forever.
 */
const TILT_STEP = 0.01;

const DEFAULT_TINT = '#3fb7ff';

export interface JoystickProps {
  store: StoreApi<ControllerState>;
  /** Where the keyboard drives the stick and the haptics (lazy) hear of it. */
  port: StickPort;
  /** The layout's stick: fixed or floating, its deadzone and axis. */
  spec: StickSpec;
}

const LABELS = {
  fixed: 'Joystick: drag from the centre, or hold the arrow keys or WASD',
  floating: 'Joystick: put your thumb down anywhere here and drag, or hold the arrow keys or WASD',
} as const;

/**
 * The canvas joystick: a base and a knob that follows one pointer, or the
 * port's keys, and springs back on release. Both go through the same store
 * actions, so they send the same messages.
 */
export function Joystick({ store, port, spec }: JoystickProps) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const knob = useRef({ dx: 0, dy: 0 });
  /** A floating stick's base: where the thumb landed, in the canvas's pixels; null between drags. */
  const base = useRef<{ x: number; y: number } | null>(null);
  const atRim = useRef(false);
  /** While tilt drives the stick, what a tap on it does instead of a drag: make the pose the centre. */
  const recentre = useRef<(() => void) | null>(null);
  const aimed = useRef({ x: 0, y: 0 });
  const tint = useStore(store, (state) => state.color) ?? DEFAULT_TINT;
  const floating = spec.mode === 'floating';

  const placed = (layout: StickLayout): StickLayout =>
    base.current ? { ...layout, centreX: base.current.x, centreY: base.current.y } : layout;
  const requestPaint = useCanvasPainter(canvasRef, (ctx, width, height) =>
    paintStick(ctx, placed(stickLayout(width, height)), knob.current, tint, {
      deadzone: spec.deadzone,
      axis: spec.axis,
      waiting: floating && base.current === null,
    }),
  );
  useEffect(requestPaint, [tint, requestPaint]);

  // Measured from the canvas's live box, so a rotation or resize between two
  // moves cannot skew them.
  const layoutNow = () => {
    const box = canvasRef.current!.getBoundingClientRect();
    return { box, layout: placed(stickLayout(box.width, box.height)) };
  };
  const offsetOf = (event: PointerEvent) => {
    const { box, layout } = layoutNow();
    return {
      dx: event.clientX - box.left - layout.centreX,
      dy: event.clientY - box.top - layout.centreY,
      radius: layout.radius,
    };
  };
  const hold = (stick: StickReading) => {
    const onRim = stick.speed === 100;
    if (onRim && !atRim.current) port.feel('rim');
    atRim.current = onRim;
    knob.current = { dx: stick.knobDx, dy: stick.knobDy };
    store.getState().moveStick({ x: stick.x, y: stick.y, speed: stick.speed, angle: stick.angle });
    requestPaint();
  };
  const release = () => {
    atRim.current = false;
    knob.current = { dx: 0, dy: 0 };
    base.current = null;
    store.getState().releaseStick();
    requestPaint();
  };
  const follow = (event: PointerEvent) => {
    const { dx, dy, radius } = offsetOf(event);
    hold(stickFromOffset(dx, dy, radius, spec));
  };

  /** The tilt's reading: drawn and sent like a drag's, but through `tiltStick`, which holds nothing. */
  const aim = (push: Push | null) => {
    const { radius } = layoutNow().layout;
    const reading = push
      ? stickFromOffset(push.dx * radius, push.dy * radius, radius, spec)
      : stickFromOffset(0, 0, radius);
    const last = aimed.current;
    const backToRest = reading.x === 0 && reading.y === 0 && (last.x !== 0 || last.y !== 0);
    const moved =
      Math.abs(reading.x - last.x) >= TILT_STEP || Math.abs(reading.y - last.y) >= TILT_STEP;
    if (!moved && !backToRest) return;
    aimed.current = { x: reading.x, y: reading.y };
    knob.current = { dx: reading.knobDx, dy: reading.knobDy };
    requestPaint();
    const { x, y, speed, angle } = reading;
    store.getState().tiltStick({ x, y, speed, angle });
  };

  usePointerDrag(canvasRef, {
    start(event) {
      if (recentre.current) {
        recentre.current();
        return false;
      }
      if (floating) {
        // The base comes to the thumb, so the drag starts at 0,0 wherever it landed.
        const box = canvasRef.current!.getBoundingClientRect();
        base.current = { x: event.clientX - box.left, y: event.clientY - box.top };
      }
      const { dx, dy, radius } = offsetOf(event);
      if (!isOnBase(dx, dy, radius)) return false;
      port.feel('grab');
      follow(event);
      return true;
    },
    move: follow,
    end: release,
  });

  // Plugged in again after every render, so it always calls this render's functions.
  useEffect(() =>
    port.plugDrive((push) => {
      if (!push) return release();
      const { radius } = layoutNow().layout;
      hold(stickFromOffset(push.dx * radius, push.dy * radius, radius, spec));
    }),
  );

  return (
    <>
      <canvas
        ref={canvasRef}
        className="joystick"
        data-control="joystick"
        data-mode={spec.mode}
        tabIndex={0}
        aria-label={LABELS[spec.mode]}
      />
      {spec.tilt && (
        <Suspense>
          <Tilt
            aim={aim}
            plugRecentre={(next) => {
              recentre.current = next;
              return () => {
                if (recentre.current === next) recentre.current = null;
              };
            }}
          />
        </Suspense>
      )}
    </>
  );
}
