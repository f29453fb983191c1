import type { ReactNode } from 'react';
import { useStore, type StoreApi } from 'zustand';
import type { ControllerState } from '../store/types';

/**
 * The page's root element, with the test hooks of PROTOCOL.md: `data-slot`
 * (the slot the relay gave, empty before one) and the user id, which the page
 * no longer shows. Only this element re-renders when they change: `children`
 * are the same elements as before, so React leaves them alone.
 */
export function PageRoot({
  store,
  children,
}: {
  store: StoreApi<ControllerState>;
  children: ReactNode;
}) {
  const slot = useStore(store, (state) => state.slot);
  const userId = useStore(store, (state) => state.userId);
  return (
    <main className="app" data-slot={slot ?? ''} data-user-id={userId}>
      {children}
    </main>
  );
}
