import { useState } from 'react';
import type { InstallOffers } from '../installOffers';
import { isIos, isStandalone } from './displayMode';
import { FullscreenButton } from './FullscreenButton';
import { InstallButton } from './InstallButton';
import { IosInstallHint } from './IosInstallHint';
import { UpdateButton } from './UpdateButton';

/**
 * The quiet tools beside the status: update, install (or the iOS hint) and
 * full screen. An installed app shows nothing about installing.
 */
export function Toolbar({ installOffers }: { installOffers: InstallOffers }) {
  // Read once: a page does not become installed while it runs.
  const [standalone] = useState(isStandalone);
  const [ios] = useState(isIos);
  return (
    <>
      <div className="tools">
        <UpdateButton />
        {!standalone && <InstallButton offers={installOffers} />}
        <FullscreenButton />
      </div>
      {!standalone && ios && <IosInstallHint />}
    </>
  );
}
