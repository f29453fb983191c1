/** How the relay core reaches sockets it knows only by their opaque handles. */
export interface RouterTransport<Handle> {
  send(to: Handle, text: string): void;
  close(handle: Handle, code: number, reason: string): void;
  /** Bytes queued for `to` and not yet written out; 0 (never slow) when omitted. */
  buffered?(to: Handle): number;
  /** Drops the connection at once, for a peer too far behind to be sent a close; `close` when omitted. */
  terminate?(handle: Handle): void;
}
