import { useState } from 'react';

const DISMISSED_KEY = 'crowdstick.iosHintDismissed';

function wasDismissed(): boolean {
  try {
    return localStorage.getItem(DISMISSED_KEY) === '1';
  } catch {
    return false;
  }
}

/** iOS has no install prompt: a one-line hint says how, until the visitor closes it. */
export function IosInstallHint() {
  const [dismissed, setDismissed] = useState(wasDismissed);
  if (dismissed) return null;
  const dismiss = () => {
    setDismissed(true);
    try {
      localStorage.setItem(DISMISSED_KEY, '1');
    } catch {
      // Then it shows again next time; no harm done.
    }
  };
  return (
    <p className="hint" role="note">
      <span>
        To install: tap <strong>Share</strong>, then <strong>Add to Home Screen</strong>.
      </span>
      <button type="button" className="tool" aria-label="Close the install hint" onClick={dismiss}>
        ×
      </button>
    </p>
  );
}
