/** Whether the page runs as an installed app rather than in a browser tab. */
export function isStandalone(): boolean {
  const iosStandalone = (navigator as { standalone?: boolean }).standalone === true;
  return (
    iosStandalone ||
    matchMedia('(display-mode: standalone)').matches ||
    matchMedia('(display-mode: fullscreen)').matches
  );
}

/**
 * Whether this is an iPhone or iPad, where installing is "Share, then Add to
 * Home Screen" and no browser offers `beforeinstallprompt`. iPadOS reports
 * itself as a Mac, told apart by its touch screen.
 */
export function isIos(): boolean {
  return (
    /iPhone|iPad|iPod/.test(navigator.userAgent) ||
    (/Macintosh/.test(navigator.userAgent) && navigator.maxTouchPoints > 1)
  );
}

/**
 * A desk: a mouse or trackpad that hovers, on a screen with room to spare,
 * where handing off to a phone makes sense. styles.css has the same query.
 */
export const isDesk = (): boolean =>
  matchMedia('(hover: hover) and (pointer: fine) and (min-width: 701px) and (min-height: 421px)')
    .matches;
