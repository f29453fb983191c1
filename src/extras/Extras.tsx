import type { StoreApi } from 'zustand';
import type { InstallOffers } from '../installOffers';
import type { ControllerState } from '../store/types';
import type { StickPort } from '../ui/stickPort';
import { KeepAwake } from './KeepAwake';
import { StickFeel } from './StickFeel';
import { Toolbar } from './Toolbar';

export interface ExtrasProps {
  store: StoreApi<ControllerState>;
  port: StickPort;
  installOffers: InstallOffers;
}

/** The tools beside the status line, and the effects that need no place on screen. */
export function Extras({ store, port, installOffers }: ExtrasProps) {
  return (
    <>
      <Toolbar installOffers={installOffers} />
      <KeepAwake store={store} />
      <StickFeel port={port} />
    </>
  );
}
