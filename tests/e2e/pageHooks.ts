import type { Page } from 'playwright-core';

/** The page's root element, which carries the test hooks of PROTOCOL.md. */
export const pageRoot = (page: Page) => page.locator('main.app');

/** The slot the page holds, once the relay has told it one (`data-slot`, empty before). */
export async function shownSlot(page: Page): Promise<number> {
  const numbered = page.locator('main.app[data-slot]:not([data-slot=""])');
  await numbered.waitFor();
  return Number(await numbered.getAttribute('data-slot'));
}

/** Resolves once the page's root says it holds `slot`, or none for null. */
export function slotBecomes(page: Page, slot: number | null): Promise<void> {
  return page.locator(`main.app[data-slot="${slot ?? ''}"]`).waitFor();
}

/** What the status line says about who the visitor is ("player 2"), empty when nothing. */
export const playerText = (page: Page) => page.locator('.status .player').textContent();
