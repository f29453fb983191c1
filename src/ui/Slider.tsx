import { useEffect, useRef, useState } from 'react';
import type { StoreApi } from 'zustand';
import { sliderValueFromKey, sliderValueFromPointer } from '../geometry/slider';
import type { ControllerState } from '../store/types';
import { usePointerDrag } from './usePointerDrag';
import { useCanvasPainter } from './useCanvasPainter';
import { paintSlider, sliderValueText } from './paintSlider';

/** The slider stands upright when its box is taller than wide, as in landscape. */
const isVertical = (box: { width: number; height: number }) => box.height > box.width;

export interface SliderProps {
  name: string;
  /** Where the layout starts it, shown until it is moved. */
  start: number;
  store: StoreApi<ControllerState>;
}

/**
 * A canvas slider, 0..1, that is its own touch surface and speaks ARIA. The
 * value lives in a ref and reaches the DOM directly, so a drag re-renders
 * nothing. A slider already moved keeps its value across a new layout that
 * still has it; a new one starts where the layout says.
 */
export function Slider({ name, start, store }: SliderProps) {
  const surfaceRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [initial] = useState(() => store.getState().sliderValue(name) ?? start);
  const value = useRef(initial);

  const requestPaint = useCanvasPainter(canvasRef, (ctx, width, height) => {
    const vertical = isVertical({ width, height });
    // Painting follows every resize and rotation, and so does the orientation.
    surfaceRef.current?.setAttribute('aria-orientation', vertical ? 'vertical' : 'horizontal');
    paintSlider(ctx, width, height, value.current, vertical, name);
  });

  const show = (next: number) => {
    value.current = next;
    const surface = surfaceRef.current;
    surface?.setAttribute('aria-valuenow', String(next));
    surface?.setAttribute('aria-valuetext', sliderValueText(next));
    requestPaint();
  };

  const follow = (event: PointerEvent) => {
    const box = surfaceRef.current!.getBoundingClientRect();
    const vertical = isVertical(box);
    const next = vertical
      ? sliderValueFromPointer(event.clientY - box.top, box.height, 'vertical')
      : sliderValueFromPointer(event.clientX - box.left, box.width, 'horizontal');
    show(next);
    store.getState().moveSlider(name, next);
  };

  usePointerDrag(surfaceRef, {
    start(event) {
      // A mouse click gives the keys to the slider, without a ring (the ring
      // is for keyboard focus); a touch leaves the focus alone, as a phone
      // has no keys to give.
      if (event.pointerType === 'mouse') {
        surfaceRef.current?.focus({ preventScroll: true, focusVisible: false });
      }
      follow(event);
      return true;
    },
    move: follow,
    end() {
      store.getState().releaseSlider(name);
    },
  });

  useEffect(() => {
    const surface = surfaceRef.current;
    if (!surface) return;
    const onKey = (event: KeyboardEvent) => {
      const next = sliderValueFromKey(value.current, event.key);
      if (next === null) return;
      event.preventDefault();
      show(next);
      store.getState().moveSlider(name, next);
      store.getState().releaseSlider(name);
    };
    surface.addEventListener('keydown', onKey);
    return () => surface.removeEventListener('keydown', onKey);
    // `show` only touches refs, so the effect need not follow it.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [name, store]);

  return (
    <div
      ref={surfaceRef}
      className="slider"
      role="slider"
      tabIndex={0}
      aria-label={name}
      aria-valuemin={0}
      aria-valuemax={1}
      aria-valuenow={initial}
      aria-valuetext={sliderValueText(initial)}
    >
      <canvas ref={canvasRef} />
    </div>
  );
}
