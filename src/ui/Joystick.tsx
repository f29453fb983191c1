import { useEffect, useRef } from 'react';
import { useStore, type StoreApi } from 'zustand';
import { isOnBase, stickFromOffset, type StickReading } from '../geometry/joystick';
import type { ControllerState } from '../store/types';
import { usePointerDrag } from './usePointerDrag';
import { useCanvasPainter } from './useCanvasPainter';
import { stickLayout } from './stickLayout';
import { paintStick } from './paintStick';
import type { StickPort } from './stickPort';

const DEFAULT_TINT = '#3fb7ff';

export interface JoystickProps {
  store: StoreApi<ControllerState>;
  /** Where the keyboard drives the stick and the haptics (lazy) hear of it. */
  port: StickPort;
}

/**
 * The canvas joystick: a base and a knob that follows one pointer, or the
 * port's keys, and springs back on release. Both go through the same store
 * actions, so they send the same messages.
 */
export function Joystick({ store, port }: JoystickProps) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const knob = useRef({ dx: 0, dy: 0 });
  const atRim = useRef(false);
  const tint = useStore(store, (state) => state.color) ?? DEFAULT_TINT;

  const requestPaint = useCanvasPainter(canvasRef, (ctx, width, height) =>
    paintStick(ctx, stickLayout(width, height), knob.current, tint),
  );
  useEffect(requestPaint, [tint, requestPaint]);

  // Measured from the canvas's live box, so a rotation or resize between two
  // moves cannot skew them.
  const layoutNow = () => {
    const box = canvasRef.current!.getBoundingClientRect();
    return { box, layout: stickLayout(box.width, box.height) };
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
    store.getState().releaseStick();
    requestPaint();
  };
  const follow = (event: PointerEvent) => {
    const { dx, dy, radius } = offsetOf(event);
    hold(stickFromOffset(dx, dy, radius));
  };

  usePointerDrag(canvasRef, {
    start(event) {
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
      hold(stickFromOffset(push.dx * radius, push.dy * radius, radius));
    }),
  );

  return (
    <canvas
      ref={canvasRef}
      className="joystick"
      data-control="joystick"
      tabIndex={0}
      aria-label="Joystick: drag from the centre, or hold the arrow keys or WASD"
    />
  );
}
