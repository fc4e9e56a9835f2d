import { describe, expect, it } from 'vitest';
import { lhciFlagHint } from '../src/lhci-flag-hint.js';
import { runMain } from './helpers.js';

describe('lhciFlagHint', () => {
  it("names perfgate's counterpart of a Lighthouse CI flag, with or without lhci's section, with the value given", () => {
    expect(lhciFlagHint('--collect.numberOfRuns=5', ['run', '--collect.numberOfRuns=5'])).toContain('`perfgate run --runs 5`');
    expect(lhciFlagHint('--numberOfRuns', ['run', '--numberOfRuns', '7'])).toContain('`perfgate run --runs 7`');
    expect(lhciFlagHint('-n', ['run', '-n', '3'])).toMatch(/^-n is Lighthouse CI's; in perfgate: `perfgate run --runs 3`/);
    expect(lhciFlagHint('--collect.settings.preset=desktop', [])).toContain('`perfgate run --preset desktop`');
    expect(lhciFlagHint('--config=./lighthouserc.js', [])).toContain('`perfgate init --lhci-config ./lighthouserc.js`');
    expect(lhciFlagHint('--assert.budgetsFile', ['assert', '--assert.budgetsFile', 'budget.json'])).toContain('--budgets budget.json');
    expect(lhciFlagHint('--upload.target=temporary-public-storage', [])).toContain('`perfgate upload --target=temporary-public-storage`');
  });

  it('uses a placeholder when no value was given, and says why when perfgate has no counterpart', () => {
    expect(lhciFlagHint('--numberOfRuns', ['run', '--numberOfRuns', '--preset', 'desktop'])).toContain('`perfgate run --runs <n>`');
    expect(lhciFlagHint('--staticDistDir', ['run', '--staticDistDir'])).toContain('`perfgate init --dir <dir>`');
    expect(lhciFlagHint('--headful', [])).toBe("--headful is Lighthouse CI's; perfgate has none: it runs Chrome headless");
    expect(lhciFlagHint('--collect.settings.throttling.rttMs=40', [])).toContain('a key of pages.json ("throttling"');
    expect(lhciFlagHint('--assert.preset=lighthouse:recommended', [])).toContain('"audits" of budgets.json');
  });

  it("gives nothing for a flag that is not Lighthouse CI's, an object's own property names included", () => {
    for (const flag of ['--foo', '--toString', '--constructor', '--__proto__', '--collect.']) expect(lhciFlagHint(flag, [])).toBeNull();
  });
});

describe("perfgate's command line", () => {
  it("says perfgate's counterpart after commander's error for a Lighthouse CI flag, exit 2, and nothing more for another unknown flag", async () => {
    const lhci = await runMain(['run', '--collect.numberOfRuns=5', '--collect.url=http://localhost:3000/']);
    expect(lhci.code).toBe(2);
    expect(lhci.stderr).toContain("error: unknown option '--collect.numberOfRuns=5'");
    expect(lhci.stderr).toContain("perfgate: --collect.numberOfRuns is Lighthouse CI's; in perfgate: `perfgate run --runs 5`");
    const other = await runMain(['run', '--frobnicate']);
    expect(other.code).toBe(2);
    expect(other.stderr).toContain("error: unknown option '--frobnicate'");
    expect(other.stderr).not.toContain('Lighthouse CI');
  });
});
