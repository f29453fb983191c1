import { useStore, type StoreApi } from 'zustand';
import type { ControllerState } from '../store/types';

/**
 * Says, over the controls, that the installation sent a layout this page
 * cannot use and which field is wrong, while the controls stay as they were.
 * For the operator more than the visitor, so it names the field exactly. Laid
 * over the page like the banner, so nothing moves under a thumb.
 */
export function LayoutProblem({ store }: { store: StoreApi<ControllerState> }) {
  const problem = useStore(store, (state) => state.layoutProblem);
  if (problem === null) return null;
  return (
    <div className="banner layout-problem" role="alert">
      The installation sent controls this page cannot use, so it keeps these ({problem}).
    </div>
  );
}
