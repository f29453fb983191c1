import { useEffect } from 'react';
import type { StoreApi } from 'zustand';
import type { ControllerState } from '../store/types';
import { Banner } from './Banner';
import { Joystick } from './Joystick';
import { Slider } from './Slider';
import { StatusLine } from './StatusLine';
import { usePageLifecycle } from './usePageLifecycle';

export interface AppProps {
  store: StoreApi<ControllerState>;
  sliders: string[];
  /** What was wrong with the page's query parameters, for the operator. */
  problems: string[];
}

/** The controller: status, any banner, the joystick and the sliders of the layout. */
export function App({ store, sliders, problems }: AppProps) {
  useEffect(() => store.getState().start(), [store]);
  usePageLifecycle(store);

  return (
    <main className="app">
      <StatusLine store={store} />
      {problems.length > 0 && (
        <ul className="problems" role="alert">
          {problems.map((problem) => (
            <li key={problem}>{problem}</li>
          ))}
        </ul>
      )}
      <Banner store={store} />
      <div className="controls">
        <Joystick store={store} />
        {sliders.length > 0 && (
          <div className="sliders">
            {sliders.map((name) => (
              <Slider key={name} name={name} store={store} />
            ))}
          </div>
        )}
      </div>
    </main>
  );
}
