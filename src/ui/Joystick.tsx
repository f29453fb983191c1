import { useEffect, useRef } from 'react';
import { useStore, type StoreApi } from 'zustand';
import { isOnBase, stickFromOffset } from '../geometry/joystick';
import type { ControllerState } from '../store/types';
import { usePointerDrag } from './usePointerDrag';
import { useCanvasPainter } from './useCanvasPainter';
import { stickLayout } from './stickLayout';
import { paintStick } from './paintStick';

const DEFAULT_TINT = '#3fb7ff';

/** The canvas joystick: a base and a knob that follows one pointer and springs back on release. */
export function Joystick({ store }: { store: StoreApi<ControllerState> }) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const knob = useRef({ dx: 0, dy: 0 });
  const tint = useStore(store, (state) => state.color) ?? DEFAULT_TINT;

  const requestPaint = useCanvasPainter(canvasRef, (ctx, width, height) =>
    paintStick(ctx, stickLayout(width, height), knob.current, tint),
  );
  useEffect(requestPaint, [tint, requestPaint]);

  // Offsets are measured from the canvas's live box, so a rotation or resize
  // between two moves cannot skew them.
  const offsetOf = (event: PointerEvent) => {
    const box = canvasRef.current!.getBoundingClientRect();
    const layout = stickLayout(box.width, box.height);
    return {
      dx: event.clientX - box.left - layout.centreX,
      dy: event.clientY - box.top - layout.centreY,
      radius: layout.radius,
    };
  };
  const follow = (event: PointerEvent) => {
    const { dx, dy, radius } = offsetOf(event);
    const stick = stickFromOffset(dx, dy, radius);
    knob.current = { dx: stick.knobDx, dy: stick.knobDy };
    store.getState().moveStick({ x: stick.x, y: stick.y, speed: stick.speed, angle: stick.angle });
    requestPaint();
  };

  usePointerDrag(canvasRef, {
    start(event) {
      const { dx, dy, radius } = offsetOf(event);
      if (!isOnBase(dx, dy, radius)) return false;
      follow(event);
      return true;
    },
    move: follow,
    end() {
      knob.current = { dx: 0, dy: 0 };
      store.getState().releaseStick();
      requestPaint();
    },
  });

  return (
    <canvas
      ref={canvasRef}
      className="joystick"
      data-control="joystick"
      aria-label="Joystick: drag from the centre"
    />
  );
}
