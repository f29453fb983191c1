import { useEffect, useRef } from 'react';
import type { StoreApi } from 'zustand';
import type { ButtonSpec } from '../shared/layout';
import type { ControllerState } from '../store/types';
import type { StickPort } from './stickPort';
import { usePointerDrag } from './usePointerDrag';

/** The keys that hold a focused button down, as a gamepad's would be held. */
const PRESS_KEYS = new Set(['Space', 'Enter', 'NumpadEnter']);

export interface PadButtonProps {
  spec: ButtonSpec;
  store: StoreApi<ControllerState>;
  /** Where the haptics (lazy) hear of a press. */
  port: StickPort;
}

/**
 * One button of the layout: its own touch surface, held while the finger
 * that pressed it stays down (it may slide off, as on a gamepad), so it
 * works beside a thumb on the stick. The press and the release go to the
 * store at once; the look changes through an attribute, so a press
 * re-renders nothing.
 */
export function PadButton({ spec, store, port }: PadButtonProps) {
  const ref = useRef<HTMLButtonElement>(null);
  const { name } = spec;

  const press = () => {
    port.feel('press');
    ref.current?.setAttribute('data-pressed', '');
    store.getState().pressButton(name);
  };
  const release = () => {
    ref.current?.removeAttribute('data-pressed');
    store.getState().releaseButton(name);
  };

  usePointerDrag(ref, {
    start() {
      press();
      return true;
    },
    move() {},
    end: release,
  });

  useEffect(() => {
    const button = ref.current;
    if (!button) return;
    const down = (event: KeyboardEvent) => {
      if (!PRESS_KEYS.has(event.code)) return;
      // The button has no click to make: the press is the whole of it.
      event.preventDefault();
      if (!event.repeat) press();
    };
    const up = (event: KeyboardEvent) => {
      if (PRESS_KEYS.has(event.code)) release();
    };
    const listening = new AbortController();
    const options = { signal: listening.signal };
    button.addEventListener('keydown', down, options);
    button.addEventListener('keyup', up, options);
    // A key held while the focus moves away never sends its keyup.
    button.addEventListener('blur', release, options);
    return () => listening.abort();
    // `press` and `release` only touch refs and the store, which the effect follows.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [name, store]);

  return (
    <button ref={ref} type="button" className="pad-button" data-button={name}>
      {spec.label}
    </button>
  );
}
