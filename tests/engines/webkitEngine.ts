import { By, Key as SeleniumKey, Origin, until } from 'selenium-webdriver';
import { WEBKIT_WINDOW, launchWebKit } from '../helpers/webkit';
import { CONNECTED, type Engine, type EnginePage, type Key, type Point } from './engine';

const KEYS: Record<Key, string> = {
  ArrowRight: SeleniumKey.ARROW_RIGHT,
  ArrowUp: SeleniumKey.ARROW_UP,
  KeyS: 's',
};

const WAIT_MS = 10_000;

/** WebDriver takes whole pixels from the viewport's top left. */
const at = (point: Point) => ({
  x: Math.round(point.x),
  y: Math.round(point.y),
  origin: Origin.VIEWPORT,
  duration: 0,
});

/**
 * MiniBrowser under WebKitWebDriver, on a virtual display. WebKitGTK takes
 * W3C touch actions but delivers them as the mouse (pointerType `mouse`, one
 * pointer id), and a second pointer source is merged into the same one, so
 * every scenario here runs on one mouse, plus the keyboard where a second
 * control must move at the same time.
 */
export async function launchWebKitEngine(): Promise<Engine> {
  const { driver, stop } = await launchWebKit();
  // The session's first window stays open and blank: closing a test's window
  // never closes the last one, which would end the session.
  const home = await driver.getWindowHandle();
  let current = home;
  const focus = async (handle: string) => {
    if (current === handle) return;
    await driver.switchTo().window(handle);
    current = handle;
  };

  const pageIn = (handle: string): EnginePage => {
    /** Runs a function body synchronously in this window. */
    const run = async <T>(body: string, ...args: unknown[]): Promise<T> => {
      await focus(handle);
      return driver.executeScript<T>(body, ...args);
    };
    /** The text of the first element matching `css` when `attribute` is null, else that attribute. */
    const read = (css: string, attribute: string | null) =>
      run<string | null>(
        `const element = document.querySelector(arguments[0]);
         if (!element) return null;
         return arguments[1] === null ? element.textContent : element.getAttribute(arguments[1]);`,
        css,
        attribute,
      );
    const actions = async () => {
      await focus(handle);
      return driver.actions();
    };
    return {
      async waitFor(css, timeout = WAIT_MS) {
        await focus(handle);
        await driver.wait(until.elementLocated(By.css(css)), timeout);
      },
      attribute: (css, name) => read(css, name),
      text: (css) => read(css, null),
      async box(css) {
        const found = await run<DOMRect | null>(
          `const element = document.querySelector(arguments[0]);
           return element && element.getBoundingClientRect().toJSON();`,
          css,
        );
        if (!found) throw new Error(`${css} is not on the page`);
        return found;
      },
      async evaluate<T>(body: string) {
        await focus(handle);
        const answer = await driver.executeAsyncScript<{ value?: T; error?: string }>(
          `const done = arguments[arguments.length - 1];
           (async () => { ${body} })().then(
             (value) => done({ value }),
             (error) => done({ error: String(error) }),
           );`,
        );
        if (answer.error !== undefined) throw new Error(answer.error);
        return answer.value as T;
      },
      pointers: {
        async down(...points) {
          if (points.length !== 1) throw new Error('WebKitGTK drives one pointer: the mouse');
          await (await actions()).move(at(points[0]!)).press().perform();
        },
        async move(from, to, steps = 10) {
          const start = from[0]!;
          const end = to[0] ?? start;
          let chain = await actions();
          for (let step = 1; step <= steps; step += 1) {
            const t = step / steps;
            chain = chain.move(
              at({ x: start.x + (end.x - start.x) * t, y: start.y + (end.y - start.y) * t }),
            );
          }
          await chain.perform();
        },
        async up() {
          await (await actions()).release().perform();
        },
      },
      async keyDown(key) {
        await (await actions()).keyDown(KEYS[key]).perform();
      },
      async keyUp(key) {
        await (await actions()).keyUp(KEYS[key]).perform();
      },
      async reload() {
        await focus(handle);
        await driver.navigate().refresh();
        await driver.wait(until.elementLocated(By.css(CONNECTED)), WAIT_MS);
      },
      async close() {
        await focus(handle);
        await driver.close();
        await focus(home);
      },
    };
  };

  return {
    name: 'WebKit',
    input: 'mouse',
    pointerCount: 1,
    async open(url) {
      await focus(home);
      // A window, not a tab: MiniBrowser keeps a new tab hidden, and a hidden page leaves.
      await driver.switchTo().newWindow('window');
      current = await driver.getWindowHandle();
      await driver.manage().window().setRect(WEBKIT_WINDOW);
      await driver.get(url);
      await driver.wait(until.elementLocated(By.css(CONNECTED)), WAIT_MS);
      return pageIn(current);
    },
    close: stop,
  };
}
