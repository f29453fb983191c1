import type { EnginePage, Point } from './engine';

/** The centre of the joystick's surface and the stick's radius (a third of the shorter side, as laid out). */
export async function stickOf(page: EnginePage): Promise<{ centre: Point; radius: number }> {
  const box = await page.box('[data-control="joystick"]');
  return {
    centre: { x: box.x + box.width / 2, y: box.y + box.height / 2 },
    radius: Math.min(box.width, box.height) / 3,
  };
}

/**
 * A point on the named slider at `fraction` of its value range: along its
 * width when it lies flat, up its height (1 at the top) when it stands.
 */
export async function sliderPoint(
  page: EnginePage,
  name: string,
  fraction: number,
): Promise<Point> {
  const css = `[role="slider"][aria-label="${name}"]`;
  const box = await page.box(css);
  if ((await page.attribute(css, 'aria-orientation')) === 'vertical') {
    return { x: box.x + box.width / 2, y: box.y + box.height * (1 - fraction) };
  }
  return { x: box.x + box.width * fraction, y: box.y + box.height / 2 };
}

/** The value the named slider shows (`aria-valuenow`). */
export async function sliderValue(page: EnginePage, name: string): Promise<number> {
  return Number(await page.attribute(`[role="slider"][aria-label="${name}"]`, 'aria-valuenow'));
}

/** The RGBA of the joystick canvas's centre pixel, where the knob rests. */
export function knobPixel(page: EnginePage): Promise<number[]> {
  return page.evaluate(`
    const canvas = document.querySelector('[data-control="joystick"]');
    const x = Math.floor(canvas.width / 2);
    const y = Math.floor(canvas.height / 2);
    return [...canvas.getContext('2d').getImageData(x, y, 1, 1).data];
  `);
}

/** The user id the page's root carries. */
export async function userIdOf(page: EnginePage): Promise<number> {
  return Number(await page.attribute('main.app', 'data-user-id'));
}

/** Starts noting each pointerdown's type and id on the page, for `pointerDowns`. */
export function notePointerDowns(page: EnginePage): Promise<void> {
  return page.evaluate(`
    window.pointerDowns = [];
    addEventListener('pointerdown', (event) => {
      window.pointerDowns.push({ type: event.pointerType, id: event.pointerId });
    }, true);
  `);
}

/** The pointers that went down since `notePointerDowns`: what the engine's automation really pressed with. */
export function pointerDowns(page: EnginePage): Promise<{ type: string; id: number }[]> {
  return page.evaluate('return window.pointerDowns;');
}
