import { lazy, type ComponentType } from 'react';
import type * as ExtrasModule from '../extras/index';

type Parts = typeof ExtrasModule;
type PropsOf<Name extends keyof Parts> = Parameters<Parts[Name]>[0];

/**
 * One part of the extras chunk, loaded after the first render. If the chunk
 * cannot load (offline before it was ever cached, a version swapped under the
 * page) the part renders nothing: a failed lazy component would otherwise take
 * the controls down with it.
 */
function lazyPart<Name extends keyof Parts>(name: Name) {
  return lazy<ComponentType<PropsOf<Name>>>(() =>
    import('../extras/index').then(
      (parts) => ({ default: parts[name] as ComponentType<PropsOf<Name>> }),
      () => ({ default: () => null }),
    ),
  );
}

export const Extras = lazyPart('Extras');
export const Handoff = lazyPart('Handoff');
