import { describe, expect, it } from 'vitest';
import { catchInstallOffers } from '../../src/installOffers';

/** Chrome's offer, as far as the catcher looks at it. */
function installOffer(): Event {
  const event = new Event('beforeinstallprompt', { cancelable: true });
  return Object.assign(event, { prompt: () => Promise.resolve() });
}

describe('catchInstallOffers', () => {
  it('keeps the latest offer and stops the browser from showing its own banner', () => {
    const page = new EventTarget();
    const offers = catchInstallOffers(page);
    expect(offers.latest()).toBeNull();
    const first = installOffer();
    const second = installOffer();
    page.dispatchEvent(first);
    page.dispatchEvent(second);
    expect(first.defaultPrevented && second.defaultPrevented).toBe(true);
    expect(offers.latest()).toBe(second);
  });

  it('hands an offer out once, since an event can prompt only once', () => {
    const page = new EventTarget();
    const offers = catchInstallOffers(page);
    const offer = installOffer();
    page.dispatchEvent(offer);
    expect(offers.take()).toBe(offer);
    expect(offers.take()).toBeNull();
    expect(offers.latest()).toBeNull();
  });

  it('forgets the offer once the app is installed', () => {
    const page = new EventTarget();
    const offers = catchInstallOffers(page);
    page.dispatchEvent(installOffer());
    page.dispatchEvent(new Event('appinstalled'));
    expect(offers.latest()).toBeNull();
  });

  it('stops listening when its signal aborts', () => {
    const page = new EventTarget();
    const listening = new AbortController();
    const offers = catchInstallOffers(page, listening.signal);
    listening.abort();
    const offer = installOffer();
    page.dispatchEvent(offer);
    expect(offer.defaultPrevented).toBe(false);
    expect(offers.latest()).toBeNull();
  });
});
