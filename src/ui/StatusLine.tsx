import { useStore, type StoreApi } from 'zustand';
import type { ConnectionStatus, ControllerState } from '../store/types';

const LABELS: Record<ConnectionStatus, string> = {
  connecting: 'waiting for the installation…',
  connected: 'connected',
  reconnecting: 'reconnecting…',
  offline: 'offline',
};

/**
 * The connection status and the player number the relay gave ("player 3"),
 * which is how a visitor finds themselves on the installation's screen. A raw
 * user id means nothing to them, so none is shown; until the relay names a
 * slot the place stays empty.
 */
export function StatusLine({ store }: { store: StoreApi<ControllerState> }) {
  const status = useStore(store, (state) => state.status);
  // What the relay said when it closed the socket ("the installation is full") beats the plain label.
  const detail = useStore(store, (state) => state.statusDetail);
  const slot = useStore(store, (state) => state.slot);
  return (
    <div className="status" role="status" data-status={status}>
      <span className="status-text">{detail ?? LABELS[status]}</span>
      <span className="player">{slot === null ? '' : `player ${slot}`}</span>
    </div>
  );
}
