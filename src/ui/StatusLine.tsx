import { useStore, type StoreApi } from 'zustand';
import type { ControllerState } from '../store/types';
import { visitorState } from './visitorState';

/**
 * One line: where the visitor stands in a word or two, and the player number
 * the relay gave ("player 3"), which is how a visitor finds themselves on the
 * installation's screen. A raw user id means nothing to them, so none is
 * shown. The notice over the controls says the rest in full.
 */
export function StatusLine({ store }: { store: StoreApi<ControllerState> }) {
  const status = useStore(store, (state) => state.status);
  const refusal = useStore(store, (state) => state.refusal);
  const present = useStore(store, (state) => state.present);
  const slot = useStore(store, (state) => state.slot);
  // The word needs no countdown, so the line never re-renders by the second.
  const { word } = visitorState({ status, refusal, present, kickSecondsLeft: 0 });
  return (
    <div className="status" role="status" data-status={status}>
      <span className="status-text">{word}</span>
      <span className="player">{slot === null ? '' : `player ${slot}`}</span>
    </div>
  );
}
