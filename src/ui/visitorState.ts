import type { ConnectionStatus, Refusal } from '../store/types';

/** What the page tells a visitor about where they stand, in every state. */
export interface VisitorState {
  /**
   * One short word or two for the status line: it shares a 320 px row with
   * the player number and the tools, so it never says more than this.
   */
  word: string;
  /** The notice over the controls, read at arm's length; null while playing. */
  headline: string | null;
  /** What to do, or what happens next, in plain words. */
  advice: string | null;
}

/** The parts of the store's state the words depend on. */
export interface VisitorFacts {
  status: ConnectionStatus;
  refusal: Refusal | null;
  present: boolean;
  /** Whole seconds until a kicked phone may come back. */
  kickSecondsLeft: number;
}

/**
 * The words for each visitor state: playing, away (left after the idle
 * time), waiting (full), reconnecting, offline and turned away, with why.
 */
export function visitorState({
  status,
  refusal,
  present,
  kickSecondsLeft,
}: VisitorFacts): VisitorState {
  switch (status) {
    case 'connected':
      return present
        ? { word: 'playing', headline: null, advice: null }
        : {
            word: 'away',
            headline: 'Touch to play again',
            advice: 'You left the game after a while without moving.',
          };
    case 'connecting':
      return { word: 'connecting…', headline: 'Connecting…', advice: 'Finding the installation.' };
    case 'reconnecting':
      return {
        word: 'reconnecting…',
        headline: 'Reconnecting…',
        advice: 'The connection dropped. Keep this page open: it comes back by itself.',
      };
    case 'offline':
      return {
        word: 'offline',
        headline: 'No network',
        advice: 'Check Wi-Fi or mobile data. The page reconnects by itself.',
      };
    case 'full':
      return {
        word: 'full, waiting',
        headline: 'The installation is full',
        advice: 'Keep this page open: you join as soon as a place is free.',
      };
    case 'refused':
      return refusedState(refusal, kickSecondsLeft);
  }
}

function refusedState(refusal: Refusal | null, kickSecondsLeft: number): VisitorState {
  switch (refusal?.kind) {
    case 'kicked':
      return {
        word: 'removed',
        headline: 'Removed by the operator',
        advice:
          kickSecondsLeft > 0
            ? `You can play again in ${kickSecondsLeft} s.`
            : 'Trying to join again…',
      };
    case 'origin':
      return {
        word: 'refused',
        headline: 'The relay refused this page',
        advice: "The relay does not accept this page's address. Ask the operator to allow it.",
      };
    default: {
      const why =
        refusal?.kind === 'policy' && refusal.reason ? `Its reason: ${refusal.reason}. ` : '';
      return {
        word: 'turned away',
        headline: 'The relay turned this phone away',
        advice: `${why}The page tries again in a moment.`,
      };
    }
  }
}

/** Whole seconds from `nowMs` until a kick ends at `untilMs`, never below 0. */
export const secondsUntil = (untilMs: number, nowMs: number): number =>
  Math.max(0, Math.ceil((untilMs - nowMs) / 1000));
