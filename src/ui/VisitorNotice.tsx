import { useStore, type StoreApi } from 'zustand';
import type { ControllerState } from '../store/types';
import type { RelayInfo } from './relayInfo';
import { useKickCountdown } from './useKickCountdown';
import { visitorState } from './visitorState';

export interface VisitorNoticeProps {
  store: StoreApi<ControllerState>;
  /** The relay in use, when it is not the page's own. */
  relay: RelayInfo | null;
}

/**
 * Whenever the controls do not count, a notice over them says why and what
 * to do, large enough to read at arm's length. It is laid over the controls,
 * not in their flow, so nothing moves when it comes or goes, and touches
 * pass through it: an away visitor's first touch on the stick plays again.
 * When a remembered relay cannot be reached, it offers to forget it.
 */
export function VisitorNotice({ store, relay }: VisitorNoticeProps) {
  const status = useStore(store, (state) => state.status);
  const refusal = useStore(store, (state) => state.refusal);
  const present = useStore(store, (state) => state.present);
  const unreachable = useStore(store, (state) => state.unreachable);
  const kickSecondsLeft = useKickCountdown(refusal);
  const { headline, advice } = visitorState({ status, refusal, present, kickSecondsLeft });
  if (headline === null) return null;

  const offerToForget = relay?.remembered === true && unreachable && status !== 'offline';
  return (
    <div
      className="notice"
      // A first connect is usually over in a blink: the notice then waits a moment before it shows.
      data-waits={status === 'connecting' && !unreachable ? '' : undefined}
      aria-live="polite"
    >
      <div className="notice-card">
        <p className="notice-headline">{headline}</p>
        {advice && <p className="notice-advice">{advice}</p>}
        {offerToForget && (
          <>
            <p className="notice-advice">
              This page remembered the relay <strong>{relay.label}</strong> from an earlier visit.
            </p>
            <button type="button" className="tool notice-action" onClick={relay.forget}>
              Forget this relay
            </button>
          </>
        )}
      </div>
    </div>
  );
}
