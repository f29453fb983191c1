/**
 * The lazy chunk: everything the page offers besides the controls themselves.
 * It loads right after the first render (see ui/lazyExtras.ts); nothing in it
 * is needed for the first touch.
 */
export { Extras } from './Extras';
export { Handoff } from './Handoff';
