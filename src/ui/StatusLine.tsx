import { useStore, type StoreApi } from 'zustand';
import type { ConnectionStatus, ControllerState } from '../store/types';

const LABELS: Record<ConnectionStatus, string> = {
  connecting: 'waiting for the installation…',
  connected: 'connected',
  reconnecting: 'reconnecting…',
  offline: 'offline',
};

/** The connection status and the user id, for the visitor and for whoever helps them. */
export function StatusLine({ store }: { store: StoreApi<ControllerState> }) {
  const status = useStore(store, (state) => state.status);
  // What the relay said when it closed the socket ("the installation is full") beats the plain label.
  const detail = useStore(store, (state) => state.statusDetail);
  const userId = useStore(store, (state) => state.userId);
  return (
    <div className="status" role="status" data-status={status}>
      <span className="status-text">{detail ?? LABELS[status]}</span>
      <span className="user-id" data-user-id={userId}>
        id {userId}
      </span>
    </div>
  );
}
