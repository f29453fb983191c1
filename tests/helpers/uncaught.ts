import { afterAll, beforeAll } from 'vitest';

/**
 * Every exception of this test file that nothing caught, as the process saw it
 * (`uncaughtExceptionMonitor` changes nothing): a test expects the list empty.
 */
export function collectUncaught(): unknown[] {
  const uncaught: unknown[] = [];
  const onUncaught = (error: unknown) => uncaught.push(error);
  beforeAll(() => {
    process.on('uncaughtExceptionMonitor', onUncaught);
  });
  afterAll(() => {
    process.off('uncaughtExceptionMonitor', onUncaught);
  });
  return uncaught;
}
