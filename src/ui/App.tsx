import { Suspense, useEffect, useState } from 'react';
import type { StoreApi } from 'zustand';
import type { InstallOffers } from '../installOffers';
import type { ControllerState } from '../store/types';
import { Banner } from './Banner';
import { Controls } from './Controls';
import { Extras, Handoff } from './lazyExtras';
import { LayoutProblem } from './LayoutProblem';
import { PageRoot } from './PageRoot';
import type { RelayInfo } from './relayInfo';
import { RelayLine } from './RelayLine';
import { StatusLine } from './StatusLine';
import { StickKeys } from './StickKeys';
import { createStickPort } from './stickPort';
import { usePageLifecycle } from './usePageLifecycle';
import { VisitorNotice } from './VisitorNotice';

export interface AppProps {
  store: StoreApi<ControllerState>;
  /** What was wrong with the page's query parameters, for the operator. */
  problems: string[];
  /** The socket URL in use, for the QR code that hands the controller to a phone. */
  wsUrl: string;
  /** The relay in use when it is not the page's own `/ws`; null when it is. */
  relay: RelayInfo | null;
  installOffers: InstallOffers;
}

/**
 * The controller: status and tools, any banner, the controls of the layout
 * (stick, sliders, buttons), and over them the notice of any state that is not playing.
 * The tools arrive a moment later from a lazy chunk, each part in a Suspense
 * of its own, so the controls (and the keyboard) never wait for them.
 */
export function App({ store, problems, wsUrl, relay, installOffers }: AppProps) {
  useEffect(() => store.getState().start(), [store]);
  usePageLifecycle(store);
  const [port] = useState(createStickPort);

  return (
    <PageRoot store={store}>
      <header className="bar">
        <StatusLine store={store} />
        <Suspense>
          <Extras store={store} port={port} installOffers={installOffers} />
        </Suspense>
      </header>
      {relay && <RelayLine relay={relay} />}
      {problems.length > 0 && (
        <ul className="problems" role="alert">
          {problems.map((problem) => (
            <li key={problem}>{problem}</li>
          ))}
        </ul>
      )}
      <Banner store={store} />
      <LayoutProblem store={store} />
      <StickKeys port={port} />
      <Controls store={store} port={port}>
        {/* Its room is kept from the first render, so the stick never moves under a pointer. */}
        <div className="handoff-slot">
          <Suspense>
            <Handoff wsUrl={wsUrl} />
          </Suspense>
        </div>
        <VisitorNotice store={store} relay={relay} />
      </Controls>
    </PageRoot>
  );
}
