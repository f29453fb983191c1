import type { ReactNode } from 'react';
import { useStore, type StoreApi } from 'zustand';
import type { Layout } from '../shared/layout';
import type { ControllerState } from '../store/types';
import { Joystick } from './Joystick';
import { PadButton } from './PadButton';
import { Slider } from './Slider';
import type { StickPort } from './stickPort';

export interface ControlsProps {
  store: StoreApi<ControllerState>;
  port: StickPort;
  /** What lies over or beside the controls whatever the layout: the hand-off slot, the notice. */
  children: ReactNode;
}

/**
 * The layout's controls: its title, the stick, the sliders and the buttons.
 * Nothing is drawn until the start layout is known, so no control appears
 * and then moves. Each new layout makes every control afresh (the key): one
 * that held a pointer lets it go, and a finger still down from before
 * drives nothing until it is lifted. The store has sent every release by then.
 */
export function Controls({ store, port, children }: ControlsProps) {
  const layout = useStore(store, (state) => state.layout);
  const generation = useStore(store, (state) => state.layoutGeneration);
  return (
    <div
      className="controls"
      data-stick={layout?.stick ? layout.stick.mode : 'none'}
      data-buttons={layout?.buttons.length ?? 0}
      // How many layouts have been shown: 0 while the start layout is still on its way.
      data-layout={generation}
    >
      {layout && <LayoutControls key={generation} layout={layout} store={store} port={port} />}
      {children}
    </div>
  );
}

function LayoutControls({
  layout,
  store,
  port,
}: {
  layout: Layout;
  store: StoreApi<ControllerState>;
  port: StickPort;
}) {
  return (
    <>
      {layout.title !== null && <h1 className="layout-title">{layout.title}</h1>}
      {layout.stick && <Joystick store={store} port={port} spec={layout.stick} />}
      {layout.sliders.length > 0 && (
        <div className="sliders">
          {layout.sliders.map((slider) => (
            <Slider key={slider.name} name={slider.name} start={slider.value} store={store} />
          ))}
        </div>
      )}
      {layout.buttons.length > 0 && (
        <div className="buttons">
          {layout.buttons.map((button) => (
            <PadButton key={button.name} spec={button} store={store} port={port} />
          ))}
        </div>
      )}
    </>
  );
}
