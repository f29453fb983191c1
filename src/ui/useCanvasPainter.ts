import { useCallback, useEffect, useRef, type RefObject } from 'react';

/** Draws in CSS pixels; the hook has already scaled the context for the device's pixel ratio. */
export type Paint = (ctx: CanvasRenderingContext2D, width: number, height: number) => void;

/**
 * Keeps a canvas's backing store at its CSS size times devicePixelRatio (so it
 * is crisp on high-DPI screens and follows resizes and rotation) and paints it
 * at most once per animation frame. Returns `requestPaint`, cheap to call from
 * every pointer move.
 */
export function useCanvasPainter(
  canvasRef: RefObject<HTMLCanvasElement | null>,
  paint: Paint,
): () => void {
  const paintRef = useRef(paint);
  const frame = useRef(0);

  useEffect(() => {
    paintRef.current = paint;
  });

  const paintNow = useCallback(() => {
    frame.current = 0;
    const canvas = canvasRef.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return;
    const ratio = window.devicePixelRatio || 1;
    const width = canvas.clientWidth;
    const height = canvas.clientHeight;
    const pixelWidth = Math.round(width * ratio);
    const pixelHeight = Math.round(height * ratio);
    if (canvas.width !== pixelWidth || canvas.height !== pixelHeight) {
      canvas.width = pixelWidth;
      canvas.height = pixelHeight;
    }
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, width, height);
    paintRef.current(ctx, width, height);
  }, [canvasRef]);

  const requestPaint = useCallback(() => {
    if (frame.current === 0) frame.current = requestAnimationFrame(paintNow);
  }, [paintNow]);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    // A ResizeObserver sees layout changes and rotation; a pixel-ratio change
    // (browser zoom, a window dragged to another screen) only fires 'resize'.
    const observer = new ResizeObserver(requestPaint);
    observer.observe(canvas);
    window.addEventListener('resize', requestPaint);
    requestPaint();
    return () => {
      observer.disconnect();
      window.removeEventListener('resize', requestPaint);
      cancelAnimationFrame(frame.current);
      frame.current = 0;
    };
  }, [canvasRef, requestPaint]);

  return requestPaint;
}
