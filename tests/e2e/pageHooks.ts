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

/** Resolves once the root says this status (and, when given, whether the user is present). */
export function statusBecomes(page: Page, status: string, present?: boolean): Promise<void> {
  const presence = present === undefined ? '' : `[data-present="${present}"]`;
  return page.locator(`main.app[data-status="${status}"]${presence}`).waitFor();
}

/** The notice over the controls: its headline and advice, or null while there is none. */
export async function noticeText(page: Page): Promise<string | null> {
  const notice = page.locator('.notice');
  return (await notice.count()) === 0 ? null : notice.innerText();
}

/** How opaque the joystick is drawn: 1 while it counts, less while dimmed. */
export const stickOpacity = (page: Page) =>
  page
    .locator('[data-control="joystick"]')
    .evaluate((stick) => Number(getComputedStyle(stick).opacity));

/**
 * The status line's shape: its height against the line height of its text,
 * and whether any of its text is cut off, so a test can tell it is one whole line.
 */
export const statusLineShape = (page: Page) =>
  page.locator('.status').evaluate((line) => {
    const text = line.querySelector('.status-text')!;
    return {
      height: line.getBoundingClientRect().height,
      lineHeight: parseFloat(getComputedStyle(text).lineHeight),
      cutOff: [...line.children].some((part) => part.scrollWidth > part.clientWidth),
      text: line.textContent,
    };
  });
