import type { RelayInfo } from './relayInfo';

/**
 * One short line naming the relay when it is not the page's own, so a visitor
 * (or the operator) can tell at once that a remembered `?ws=` is in use. It is
 * there from the first render, so it moves nothing.
 */
export function RelayLine({ relay }: { relay: RelayInfo }) {
  return (
    <p className="relay-line">
      relay <span className="relay-address">{relay.label}</span>
      {relay.remembered && ' (remembered)'}
    </p>
  );
}
