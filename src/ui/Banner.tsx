import { useStore, type StoreApi } from 'zustand';
import type { ControllerState } from '../store/types';

/** Text sent by the installation; React renders it as plain text, never as markup. */
export function Banner({ store }: { store: StoreApi<ControllerState> }) {
  const banner = useStore(store, (state) => state.banner);
  if (!banner) return null;
  return (
    <div className="banner" role="note">
      {banner}
    </div>
  );
}
