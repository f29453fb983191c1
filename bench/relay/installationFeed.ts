/** What a load generator wants to hear of the messages its installation receives. */
export interface FeedHandlers {
  connect(sliderId: number): void;
  delete(sliderId: number): void;
  /** A user's state: an `update`, or one user of a batched `frame`. */
  state(sliderId: number, x: number, y: number): void;
}

/** Reads one text message an installation received, plain or batched, into `handlers`. */
export function readInstallationFrame(text: string, handlers: FeedHandlers): void {
  const message = JSON.parse(text) as Record<string, unknown>;
  if (message.type === 'connect') handlers.connect(message.sliderId as number);
  else if (message.type === 'delete') handlers.delete(message.sliderId as number);
  else if (message.type === 'update') {
    handlers.state(message.sliderId as number, message.x as number, message.y as number);
  } else if (message.type === 'frame' && Array.isArray(message.users)) {
    for (const user of message.users as Array<Record<string, unknown>>) {
      if (typeof user.x === 'number' && typeof user.y === 'number') {
        handlers.state(user.sliderId as number, user.x, user.y);
      }
    }
  }
}
