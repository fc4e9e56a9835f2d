import { Launcher } from 'chrome-launcher';
import { describe, expect, it } from 'vitest';
import { launchChrome } from '../../src/lab/chrome.js';
import { findChrome } from '../../src/lab/find-chrome.js';
import { chromeFlags, DISABLED_FEATURES, disableFeaturesFlag } from '../../src/lab/settings.js';

describe('disableFeaturesFlag', () => {
  it.each([
    {
      name: 'adds to the defaults',
      defaults: ['--mute-audio', '--disable-features=Translate,MediaRouter'],
      extra: ['A'],
      expected: '--disable-features=Translate,MediaRouter,A',
    },
    { name: 'names a feature once', defaults: ['--disable-features=Translate,A'], extra: ['A', 'B'], expected: '--disable-features=Translate,A,B' },
    {
      name: 'joins several default flags',
      defaults: ['--disable-features=Translate', '--disable-features=MediaRouter'],
      extra: ['A'],
      expected: '--disable-features=Translate,MediaRouter,A',
    },
    { name: 'without a default flag', defaults: ['--mute-audio'], extra: ['A', 'B'], expected: '--disable-features=A,B' },
    { name: 'nothing extra', defaults: ['--disable-features=Translate'], extra: [], expected: '--disable-features=Translate' },
  ])('$name', ({ defaults, extra, expected }) => {
    expect(disableFeaturesFlag(defaults, extra)).toBe(expected);
  });
});

describe('chromeFlags', () => {
  it("gives one --disable-features that keeps chrome-launcher's list (Chrome honours only the last)", () => {
    const flags = chromeFlags().filter((flag) => flag.startsWith('--disable-features='));
    expect(flags).toHaveLength(1);
    const features = (flags[0] as string).split('=')[1]?.split(',');
    const defaults = Launcher.defaultFlags()
      .find((flag) => flag.startsWith('--disable-features='))
      ?.split('=')[1]
      ?.split(',');
    expect(defaults?.length).toBeGreaterThan(0);
    expect(features).toEqual(expect.arrayContaining([...(defaults ?? []), ...Object.keys(DISABLED_FEATURES)]));
  });

  it("adds the user's flags after perfgate's, once each, and joins their --disable-features to perfgate's one", () => {
    const own = chromeFlags();
    const flags = chromeFlags(['--ignore-certificate-errors', '--disable-gpu', '--disable-features=Translate,AutofillServerCommunication']);
    const named = (list: string[]) => list.map((f) => f.split('=')[0]);
    expect(named(flags)).toEqual([...named(own), '--ignore-certificate-errors']);
    expect(flags.filter((f) => f === '--disable-gpu')).toHaveLength(1);
    const disabled = flags.filter((f) => f.startsWith('--disable-features='));
    expect(disabled).toHaveLength(1);
    expect((disabled[0] as string).split('=')[1]?.split(',')).toEqual(
      expect.arrayContaining([...Object.keys(DISABLED_FEATURES), 'Translate', 'AutofillServerCommunication']),
    );
  });

  it('opens no WebUI page of its own in a new window, at launch or for a new browser context', async () => {
    const chrome = await launchChrome(findChrome());
    try {
      const cdp = await chrome.browser.target().createCDPSession();
      const seen: string[] = [];
      cdp.on('Target.targetCreated', ({ targetInfo }) => seen.push(`${targetInfo.type} ${targetInfo.url}`));
      // Reports every existing target, then each new one.
      await cdp.send('Target.setDiscoverTargets', { discover: true });
      const context = await chrome.browser.createBrowserContext();
      await context.newPage();
      // Chrome opens a window's popup pages as the window opens; give it time to show any.
      await new Promise((resolve) => setTimeout(resolve, 1000));
      // One more round trip: every targetCreated event Chrome sent before it has arrived by then.
      await cdp.send('Target.getTargets');
      expect(seen.filter((target) => target.startsWith('page ')).length).toBeGreaterThanOrEqual(2);
      expect(seen.filter((target) => !target.startsWith('page about:blank'))).toEqual([]);
    } finally {
      await chrome.close();
    }
  });
});
