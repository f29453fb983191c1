import { describe, expect, it } from 'vitest';
import {
  createWakeLockKeeper,
  type WakeLockApi,
  type WakeLockSentinelLike,
} from '../../../src/extras/wakeLock';

/** A stand-in for `navigator.wakeLock` that records what the keeper asks of it. */
function fakeWakeLock({ refuse = false } = {}) {
  const log: string[] = [];
  const sentinels: { fireRelease(): void }[] = [];
  let settle: (() => void) | null = null;
  const api: WakeLockApi = {
    request(type) {
      log.push(`request ${type}`);
      if (refuse) return Promise.reject(new Error('NotAllowedError'));
      let onRelease = () => {};
      const sentinel: WakeLockSentinelLike = {
        release() {
          log.push('release');
          return Promise.resolve();
        },
        addEventListener(_type, listener) {
          onRelease = listener;
        },
      };
      sentinels.push({ fireRelease: () => onRelease() });
      return new Promise((resolve) => {
        settle = () => resolve(sentinel);
      });
    },
  };
  const grant = async () => {
    settle?.();
    settle = null;
    await Promise.resolve();
    await Promise.resolve();
  };
  return { api, log, sentinels, grant };
}

describe('createWakeLockKeeper', () => {
  it('requests the screen lock once while wanted and releases it when not', async () => {
    const wakeLock = fakeWakeLock();
    const keeper = createWakeLockKeeper(wakeLock.api);
    keeper.want(true);
    keeper.want(true);
    await wakeLock.grant();
    keeper.want(false);
    expect(wakeLock.log).toEqual(['request screen', 'release']);
  });

  it('releases a lock granted after it stopped being wanted', async () => {
    const wakeLock = fakeWakeLock();
    const keeper = createWakeLockKeeper(wakeLock.api);
    keeper.want(true);
    keeper.want(false);
    await wakeLock.grant();
    expect(wakeLock.log).toEqual(['request screen', 'release']);
  });

  it('takes the lock again after the browser dropped it for a hidden page', async () => {
    const wakeLock = fakeWakeLock();
    const keeper = createWakeLockKeeper(wakeLock.api);
    keeper.want(true);
    await wakeLock.grant();
    wakeLock.sentinels[0]!.fireRelease();
    keeper.want(false);
    keeper.want(true);
    await wakeLock.grant();
    expect(wakeLock.log).toEqual(['request screen', 'request screen']);
  });

  it('tries again at the next change after a refusal', async () => {
    const wakeLock = fakeWakeLock({ refuse: true });
    const keeper = createWakeLockKeeper(wakeLock.api);
    keeper.want(true);
    await Promise.resolve();
    await Promise.resolve();
    keeper.want(true);
    expect(wakeLock.log).toEqual(['request screen', 'request screen']);
  });

  it('releases for good on dispose and ignores wants after it', async () => {
    const wakeLock = fakeWakeLock();
    const keeper = createWakeLockKeeper(wakeLock.api);
    keeper.want(true);
    await wakeLock.grant();
    keeper.dispose();
    keeper.want(true);
    expect(wakeLock.log).toEqual(['request screen', 'release']);
  });

  it('does nothing at all without the API, as on a plain-http page', () => {
    const keeper = createWakeLockKeeper(undefined);
    expect(() => {
      keeper.want(true);
      keeper.want(false);
      keeper.dispose();
    }).not.toThrow();
  });
});
