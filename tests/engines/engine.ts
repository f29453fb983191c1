import type { Point } from '../helpers/browser';

export type { Point };

/** An element's place on the page, in CSS pixels from the viewport's top left. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The keys the scenarios press: StickKeys reads `code`, so these are codes. */
export type Key = 'ArrowRight' | 'ArrowUp' | 'KeyS';

/**
 * Pointers held on the page: fingers where the engine's automation can touch,
 * the mouse where it cannot. A mouse is one pointer, so `down` takes one point.
 */
export interface Pointers {
  /** Presses at each point, one after another, and keeps them pressed. */
  down(...points: Point[]): Promise<void>;
  /** Moves pointer i from `from[i]` to `to[i]` in `steps` steps. */
  move(from: Point[], to: Point[], steps?: number): Promise<void>;
  /** Lets every pointer go. */
  up(): Promise<void>;
}

/** One tab of one engine, as the scenarios drive it. */
export interface EnginePage {
  /** Resolves once an element matches `css`. */
  waitFor(css: string, timeoutMs?: number): Promise<void>;
  /** The attribute of the first element matching `css`; null when it or the attribute is absent. */
  attribute(css: string, name: string): Promise<string | null>;
  /** The text of the first element matching `css`; null when none does. */
  text(css: string): Promise<string | null>;
  box(css: string): Promise<Box>;
  /**
   * Runs `body` as an async function in the page and resolves with what it
   * returns (JSON values only: the three drivers agree on nothing else).
   */
  evaluate<T>(body: string): Promise<T>;
  readonly pointers: Pointers;
  keyDown(key: Key): Promise<void>;
  keyUp(key: Key): Promise<void>;
  /** Reloads and waits for the page to be connected again. */
  reload(): Promise<void>;
  close(): Promise<void>;
}

/** A running browser of one engine. */
export interface Engine {
  name: 'Chromium' | 'Firefox' | 'WebKit';
  /** What its automation presses with. */
  input: 'touch' | 'mouse';
  /** How many pointers it can hold down at once. */
  pointerCount: number;
  /** Opens `url` in a new tab (so a new user id) and waits until the page is connected. */
  open(url: string): Promise<EnginePage>;
  close(): Promise<void>;
}

/** The page's root in its connected state (PROTOCOL.md, "Test hooks in the page"). */
export const CONNECTED = 'main.app[data-status="connected"]';
