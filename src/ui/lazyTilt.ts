import { lazy, type ComponentType } from 'react';
import type { TiltProps } from '../extras/Tilt';

/**
 * Tilt, in a chunk of its own that only a layout with a tilting stick loads.
 * If it cannot load, there is no tilt: the touch stick stays, as it does
 * wherever tilt is off.
 */
export const Tilt = lazy<ComponentType<TiltProps>>(() =>
  import('../extras/Tilt').then(
    (part) => ({ default: part.Tilt }),
    () => ({ default: () => null }),
  ),
);
