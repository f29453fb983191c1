import { useEffect, useState } from 'react';
import { useStore, type StoreApi } from 'zustand';
import type { ControllerState } from '../store/types';

/** As long as the fade-out in styles.css (.banner[data-fading]). */
const FADE_MS = 800;

/**
 * Text sent by the installation; React renders it as plain text, never as
 * markup. When the store clears it, the text stays on screen while it fades.
 */
export function Banner({ store }: { store: StoreApi<ControllerState> }) {
  const banner = useStore(store, (state) => state.banner);
  const [shown, setShown] = useState(banner);
  if (banner !== null && banner !== shown) setShown(banner);

  useEffect(() => {
    if (banner !== null) return;
    const timer = setTimeout(() => setShown(null), FADE_MS);
    return () => clearTimeout(timer);
  }, [banner]);

  if (shown === null) return null;
  return (
    <div className="banner" role="note" data-fading={banner === null ? '' : undefined}>
      {shown}
    </div>
  );
}
