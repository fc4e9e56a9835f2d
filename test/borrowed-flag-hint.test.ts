import { describe, expect, it } from 'vitest';
import { borrowedFlagHint } from '../src/borrowed-flag-hint.js';
import { runMain } from './helpers.js';

describe('borrowedFlagHint', () => {
  it("names perfgate's counterpart of a Lighthouse CI flag, with or without lhci's section, with the value given", () => {
    expect(borrowedFlagHint('--collect.numberOfRuns=5', ['run', '--collect.numberOfRuns=5'])).toContain('`perfgate run --runs 5`');
    expect(borrowedFlagHint('--numberOfRuns', ['run', '--numberOfRuns', '7'])).toContain('`perfgate run --runs 7`');
    expect(borrowedFlagHint('-n', ['run', '-n', '3'])).toMatch(/^-n is Lighthouse CI's; in perfgate: `perfgate run --runs 3`/);
    expect(borrowedFlagHint('--collect.settings.preset=desktop', [])).toContain('`perfgate run --preset desktop`');
    expect(borrowedFlagHint('--config=./lighthouserc.js', [])).toContain('`perfgate init --lhci-config ./lighthouserc.js`');
    expect(borrowedFlagHint('--assert.budgetsFile', ['assert', '--assert.budgetsFile', 'budget.json'])).toContain('--budgets budget.json');
    expect(borrowedFlagHint('--upload.target=temporary-public-storage', [])).toContain('`perfgate upload --target=temporary-public-storage`');
  });

  it('uses a placeholder when no value was given, and says why when perfgate has no counterpart', () => {
    expect(borrowedFlagHint('--numberOfRuns', ['run', '--numberOfRuns', '--preset', 'desktop'])).toContain('`perfgate run --runs <n>`');
    expect(borrowedFlagHint('--staticDistDir', ['run', '--staticDistDir'])).toContain('`perfgate init --dir <dir>`');
    expect(borrowedFlagHint('--headful', [])).toBe("--headful is Lighthouse CI's, with no counterpart in perfgate: perfgate runs Chrome headless");
    expect(borrowedFlagHint('--collect.settings.throttling.rttMs=40', [])).toContain('a key of pages.json ("throttling"');
    expect(borrowedFlagHint('--collect.settings.maxWaitForLoad=60000', [])).toBe(
      '--collect.settings.maxWaitForLoad is Lighthouse CI\'s; in perfgate: "timeoutMs" in pages.json (one limit for both the first paint and the load)',
    );
    expect(borrowedFlagHint('--collect.settings.onlyCategories=accessibility', [])).toContain('"categories" in pages.json (the categories besides performance');
    expect(borrowedFlagHint('--assert.preset=lighthouse:recommended', [])).toContain('"audits" of budgets.json');
  });

  it("names perfgate size for size-limit's flags, and tells size-limit's --config from Lighthouse CI's by its file", () => {
    expect(borrowedFlagHint('--why', ['run', '--why'])).toBe(
      "--why is size-limit's; in perfgate: `perfgate size --why`, which measures the bundles alone as size-limit does",
    );
    expect(borrowedFlagHint('--limit', ['run', '--limit', '10 kB'])).toContain('`perfgate size --limit 10 kB`');
    expect(borrowedFlagHint('--config', ['run', '--config', '.size-limit.json'])).toContain(
      "is size-limit's; in perfgate: `perfgate size --config .size-limit.json`",
    );
    expect(borrowedFlagHint('--config', ['check', '--config', 'lighthouserc.js'])).toContain("is Lighthouse CI's; in perfgate: pages.json and budgets.json");
    expect(borrowedFlagHint('--config', ['run', '--config'])).toContain('`perfgate init --lhci-config lighthouserc.js`');
  });

  it("gives nothing for a flag that is neither Lighthouse CI's nor size-limit's, an object's own property names included", () => {
    for (const flag of ['--foo', '--toString', '--constructor', '--__proto__', '--collect.']) expect(borrowedFlagHint(flag, [])).toBeNull();
  });
});

describe("perfgate's command line", () => {
  it("says perfgate's counterpart after commander's error for a Lighthouse CI or size-limit flag, exit 2, and nothing more for another unknown flag", async () => {
    const lhci = await runMain(['run', '--collect.numberOfRuns=5', '--collect.url=http://localhost:3000/']);
    expect(lhci.code).toBe(2);
    expect(lhci.stderr).toContain("error: unknown option '--collect.numberOfRuns=5'");
    expect(lhci.stderr).toContain("perfgate: --collect.numberOfRuns is Lighthouse CI's; in perfgate: `perfgate run --runs 5`");
    const sizeLimit = await runMain(['run', '--why']);
    expect(sizeLimit.code).toBe(2);
    expect(sizeLimit.stderr).toContain("perfgate: --why is size-limit's; in perfgate: `perfgate size --why`");
    const other = await runMain(['run', '--frobnicate']);
    expect(other.code).toBe(2);
    expect(other.stderr).toContain("error: unknown option '--frobnicate'");
    expect(other.stderr).not.toContain('Lighthouse CI');
  });

  it('says it also when a required option is missing, which commander reports before an unknown flag', async () => {
    const assert = await runMain(['assert', '--config=lighthouserc.js', '--budgets', 'budgets.json', '--why']);
    expect(assert.code).toBe(2);
    expect(assert.stderr).toContain("error: required option '--lhr <paths...>' not specified");
    expect(assert.stderr).toContain("perfgate: --config is Lighthouse CI's; in perfgate: pages.json and budgets.json");
    expect(assert.stderr).toContain("perfgate: --why is size-limit's");
    // --budgets is assert's own: no line for it.
    expect(assert.stderr.match(/^perfgate: /gm)).toHaveLength(2);
  });
});
