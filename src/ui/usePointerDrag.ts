import { useEffect, useRef, type RefObject } from 'react';

/** What a control does with the one pointer it owns. */
export interface DragHandlers {
  /** Decides whether this pointer starts a drag (false: leave it alone). */
  start(event: PointerEvent): boolean;
  move(event: PointerEvent): void;
  end(): void;
}

/**
 * Lets an element own one pointer at a time: it captures the pointer that
 * starts a drag and ignores every other pointer id, so a thumb on the stick and
 * another on a slider never disturb each other. Works alike for touch, pen and
 * mouse.
 */
export function usePointerDrag(
  elementRef: RefObject<HTMLElement | null>,
  handlers: DragHandlers,
): void {
  const handlersRef = useRef(handlers);
  useEffect(() => {
    handlersRef.current = handlers;
  });

  useEffect(() => {
    const element = elementRef.current;
    if (!element) return;
    let owner: number | null = null;

    const down = (event: PointerEvent) => {
      if (owner !== null || (event.pointerType === 'mouse' && event.button !== 0)) return;
      if (!handlersRef.current.start(event)) return;
      owner = event.pointerId;
      element.setPointerCapture(event.pointerId);
      // Keeps a mouse drag from selecting text and a touch from becoming a click.
      event.preventDefault();
    };
    const move = (event: PointerEvent) => {
      if (event.pointerId === owner) handlersRef.current.move(event);
    };
    const finish = (event: PointerEvent) => {
      if (event.pointerId !== owner) return;
      owner = null;
      handlersRef.current.end();
    };
    const noMenu = (event: Event) => event.preventDefault();

    // One abort removes every listener, so none can be forgotten.
    const listening = new AbortController();
    const options = { signal: listening.signal };
    element.addEventListener('pointerdown', down, options);
    element.addEventListener('pointermove', move, options);
    element.addEventListener('pointerup', finish, options);
    element.addEventListener('pointercancel', finish, options);
    element.addEventListener('lostpointercapture', finish, options);
    element.addEventListener('contextmenu', noMenu, options);
    return () => {
      listening.abort();
      if (owner !== null) handlersRef.current.end();
    };
  }, [elementRef]);
}
