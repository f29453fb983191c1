/** Which relay the page uses, when it is not the page's own (see config.ts `relayLabel`). */
export interface RelayInfo {
  /** The relay's address, short: its host, and its path when that is not `/ws`. */
  label: string;
  /** It came from an earlier visit's `?ws=`, not from this page's URL. */
  remembered: boolean;
  /** Forgets the remembered relay and loads the page again on its own `/ws`. */
  forget(): void;
}
