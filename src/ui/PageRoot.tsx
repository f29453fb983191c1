import type { ReactNode } from 'react';
import { useStore, type StoreApi } from 'zustand';
import type { ControllerState } from '../store/types';

/**
 * The page's root element, with the test hooks of PROTOCOL.md: `data-status`,
 * `data-present` and `data-slot`, and the user id, which the page no longer
 * shows. The stylesheet dims the controls from the same attributes whenever
 * they do not count. Only this element re-renders when they change: `children`
 * are the same elements as before, so React leaves them alone.
 *
 * Any touch on the page is an interaction: a visitor who left after the idle
 * time and touches anywhere, as the notice asks, joins again.
 */
export function PageRoot({
  store,
  children,
}: {
  store: StoreApi<ControllerState>;
  children: ReactNode;
}) {
  const status = useStore(store, (state) => state.status);
  const present = useStore(store, (state) => state.present);
  const slot = useStore(store, (state) => state.slot);
  const userId = useStore(store, (state) => state.userId);
  return (
    <main
      className="app"
      data-status={status}
      data-present={String(present)}
      data-slot={slot ?? ''}
      data-user-id={userId}
      onPointerDown={() => store.getState().touch()}
    >
      {children}
    </main>
  );
}
