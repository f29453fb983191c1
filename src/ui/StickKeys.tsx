import { useEffect } from 'react';
import { isStickKey, pushOfKeys } from '../geometry/keyboardStick';
import type { StickPort } from './stickPort';

/**
 * Moves the stick with the arrow keys and WASD wherever the focus is, except
 * for keys a focused control already used (a slider takes the arrows, so WASD
 * still steers). The stick is released once the last key is up, or when the
 * window loses focus, since a key held while switching windows never sends its
 * keyup. Renders nothing.
 *
 * It is part of the first chunk, not the lazy extras: a key pressed the
 * moment the page shows must already move the stick.
 */
export function StickKeys({ port }: { port: StickPort }) {
  useEffect(() => {
    const held = new Set<string>();
    const report = () => port.drive(held.size > 0 ? pushOfKeys(held) : null);
    const down = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
      if (!isStickKey(event.code)) return;
      event.preventDefault();
      if (held.has(event.code)) return; // auto-repeat
      held.add(event.code);
      report();
    };
    const up = (event: KeyboardEvent) => {
      if (held.delete(event.code)) report();
    };
    const letGo = () => {
      if (held.size === 0) return;
      held.clear();
      report();
    };
    const listening = new AbortController();
    const options = { signal: listening.signal };
    window.addEventListener('keydown', down, options);
    window.addEventListener('keyup', up, options);
    window.addEventListener('blur', letGo, options);
    return () => {
      listening.abort();
      letGo();
    };
  }, [port]);
  return null;
}
