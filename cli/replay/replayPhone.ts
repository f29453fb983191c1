/**
 * One recorded user played back: a socket to the relay's `/ws` that sends
 * the user's messages as their page did. Messages wait while the socket
 * opens; a recording that began mid-show gets the `connect` the relay needs
 * before anything else.
 */
import WebSocket from 'ws';
import {
  connectMessage,
  deleteMessage,
  type ControllerMessage,
  type UserId,
} from '../../src/shared/protocol.js';

export interface ReplayPhone {
  send(message: ControllerMessage): void;
  /** The phone's socket ends without a word, as when the recorded one dropped. */
  drop(): void;
  /** Says `delete` if present and closes; resolves once closed. */
  stop(): Promise<void>;
  sent(): number;
}

/** A socket that does not close by itself this long after `stop` is ended. */
const STOP_GRACE_MS = 1000;

export function createReplayPhone(url: string, id: UserId): ReplayPhone {
  let socket: WebSocket | null = null;
  let waiting: ControllerMessage[] = [];
  let present = false;
  let sentCount = 0;

  const write = (own: WebSocket, message: ControllerMessage) => {
    if (message.type !== 'connect' && !present) write(own, connectMessage(id));
    own.send(JSON.stringify(message));
    sentCount += 1;
    if (message.type === 'connect') present = true;
    if (message.type === 'delete') present = false;
  };

  const open = () => {
    const own = new WebSocket(url);
    socket = own;
    own.on('open', () => {
      const held = waiting;
      waiting = [];
      for (const message of held) write(own, message);
    });
    own.on('error', () => {
      // Followed by 'close'.
    });
    own.on('close', () => {
      if (socket !== own) return;
      socket = null;
      present = false;
      waiting = [];
    });
    return own;
  };

  return {
    send(message) {
      // A delete to a phone that is not there says nothing new.
      if (message.type === 'delete' && !present && !socket) return;
      const own = socket ?? open();
      if (own.readyState === WebSocket.OPEN) write(own, message);
      else waiting.push(message);
    },
    drop() {
      const own = socket;
      socket = null;
      present = false;
      waiting = [];
      own?.terminate();
    },
    sent: () => sentCount,
    stop() {
      const own = socket;
      if (!own) return Promise.resolve();
      if (present && own.readyState === WebSocket.OPEN) write(own, deleteMessage(id));
      return new Promise<void>((done) => {
        const timer = setTimeout(() => {
          own.terminate();
          done();
        }, STOP_GRACE_MS);
        own.once('close', () => {
          clearTimeout(timer);
          done();
        });
        if (own.readyState === WebSocket.CONNECTING) own.terminate();
        else own.close(1000, 'replay ended');
      });
    },
  };
}
