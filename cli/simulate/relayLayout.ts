/**
 * The controls the simulated phones play: those the relay's `/layout.json`
 * names (what a page opened there would show), unless the command line says.
 */
import { DEFAULT_LAYOUT, checkLayout, type Layout } from '../../src/shared/layout.js';

export interface Controls {
  sliders: string[];
  buttons: string[];
  /** Where they came from, for the start line. */
  from: string;
}

/** Reads `relay`'s `/layout.json`; the default layout when it has none or cannot be reached. */
export async function relayLayout(relay: string): Promise<{ layout: Layout; from: string }> {
  const url = new URL('layout.json', relay.endsWith('/') ? relay : `${relay}/`);
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(3000) });
    if (!response.ok)
      return { layout: DEFAULT_LAYOUT, from: `the default (${url} answered ${response.status})` };
    const checked = checkLayout(await response.json());
    return checked.ok
      ? { layout: checked.layout, from: url.toString() }
      : { layout: DEFAULT_LAYOUT, from: `the default (${url}: ${checked.field} ${checked.why})` };
  } catch (error) {
    return { layout: DEFAULT_LAYOUT, from: `the default (${url}: ${(error as Error).message})` };
  }
}

/** The command line's names where given, else the layout's. */
export function controlsOf(
  given: { sliders: string[] | null; buttons: string[] | null },
  layout: { layout: Layout; from: string },
): Controls {
  return {
    sliders: given.sliders ?? layout.layout.sliders.map((slider) => slider.name),
    buttons: given.buttons ?? layout.layout.buttons.map((button) => button.name),
    from: given.sliders && given.buttons ? 'the command line' : layout.from,
  };
}
