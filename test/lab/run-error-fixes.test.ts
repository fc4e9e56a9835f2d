import { describe, expect, it } from 'vitest';
import { RUN_ERROR_FIXES, withFix } from '../../src/lab/run-error-fixes.js';

describe('withFix', () => {
  it('adds the fix to the errors whose message does not say what to do, once', () => {
    const refused = { code: 'CHROME_INTERSTITIAL_ERROR', message: 'Chrome prevented page load with an interstitial.' };
    const fixed = withFix(refused);
    expect(fixed.message).toBe(`Chrome prevented page load with an interstitial. ${RUN_ERROR_FIXES.CHROME_INTERSTITIAL_ERROR}`);
    expect(fixed.message).toContain('is the site running at that address?');
    expect(withFix(fixed)).toEqual(fixed);
  });

  it('leaves every other error as it is', () => {
    const error = { code: 'NO_FCP', message: 'The page did not paint any content.' };
    expect(withFix(error)).toBe(error);
  });
});
