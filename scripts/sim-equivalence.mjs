// Investigation (docs/bench-verdict.md, "Equivalence on means"): how many pairs side by side takes on an
// unchanged page when "unchanged" is decided by the rank-based interval of the shift (perfgate's rule)
// and when it is decided by a Welch interval of the difference of means (two one-sided t-tests), both
// at the same confidence and minimum effect, "regressed"/"improved" decided alike. Runs are drawn from
// the real 30-run distributions of test/fixtures/run-distributions.json (one run's metrics together,
// a smoothed bootstrap as in test/compare/sequential.test.ts). Needs `npm run build`.
// Usage: node scripts/sim-equivalence.mjs [page] [comparisons]
import { readFileSync } from 'node:fs';
import { minimumEffect } from '../dist/compare/minimum-effect.js';
import { seededRandom } from '../dist/compare/sequential-p.js';
import { replayComparison } from '../dist/compare/sequential-verdict.js';
import { DEFAULT_COMPARISON } from '../dist/config/model.js';
import { median } from '../dist/stats.js';

const REAL = JSON.parse(readFileSync(new URL('../test/fixtures/run-distributions.json', import.meta.url), 'utf8'));
const page = process.argv[2] ?? 'home';
const comparisons = Number(process.argv[3] ?? 4000);
const ids = ['first-contentful-paint', 'largest-contentful-paint', 'interactive', 'speed-index'];
const FAMILY = 6; // the page's six compared metrics (CLS and TBT are constant here and decide at once)
const ALPHA = DEFAULT_COMPARISON.alpha;
const plan = { minRuns: 5, maxRuns: 15 };
const random = seededRandom(7);
const mean = (v) => v.reduce((a, b) => a + b, 0) / v.length;
const sd = (v) => Math.sqrt(v.reduce((a, b) => a + (b - mean(v)) ** 2, 0) / (v.length - 1));
const gaussian = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
// One-sided 95 % quantiles of Student's t by degrees of freedom (1-30; 30 beyond).
const T95 = [6.314, 2.92, 2.353, 2.132, 2.015, 1.943, 1.895, 1.86, 1.833, 1.812, 1.796, 1.782, 1.771, 1.761, 1.753];
const t95 = (df) => (df >= 30 ? 1.697 : df >= 15 ? 1.753 - ((df - 15) * (1.753 - 1.697)) / 15 : T95[Math.max(1, Math.floor(df)) - 1]);
/** The 90 % Welch interval of mean(h) - mean(b): inside ± the effect is equivalence by two one-sided t-tests at 5 %. */
function welch(h, b) {
  const vh = sd(h) ** 2 / h.length;
  const vb = sd(b) ** 2 / b.length;
  const se = Math.sqrt(vh + vb);
  const df = se === 0 ? 30 : (vh + vb) ** 2 / (vh ** 2 / (h.length - 1) + vb ** 2 / (b.length - 1));
  const d = mean(h) - mean(b);
  return { low: d - t95(df) * se, high: d + t95(df) * se };
}

const runs = REAL.pages[page];
const bandwidth = Object.fromEntries(ids.map((id) => [id, sd(runs[id]) / 5]));
const draw = () => {
  const i = Math.floor(random() * runs[ids[0]].length);
  return Object.fromEntries(ids.map((id) => [id, runs[id][i] + bandwidth[id] * gaussian()]));
};
for (const method of ['ranks (perfgate)', 'Welch means']) {
  let pairs = 0;
  let capped = 0;
  for (let sim = 0; sim < comparisons; sim++) {
    const base = [];
    const head = [];
    const decided = new Set();
    let stop = plan.maxRuns;
    for (let n = 1; n <= plan.maxRuns; n++) {
      base.push(draw());
      head.push(draw());
      if (n < plan.minRuns) continue;
      const open = ids.map((id) => {
        const b = base.map((r) => r[id]);
        const h = head.map((r) => r[id]);
        const rule = { plan, changeLevel: ALPHA / FAMILY, confidence: 1 - 2 * ALPHA, minimumEffect: (m) => minimumEffect(id, m, DEFAULT_COMPARISON) };
        const outcome = replayComparison(b, h, rule);
        if (method.startsWith('ranks')) return outcome.state === 'open';
        if (decided.has(id) || outcome.state === 'regressed' || outcome.state === 'improved') return false;
        const effect = minimumEffect(id, median(b), DEFAULT_COMPARISON);
        const interval = welch(h, b);
        if (interval.low > -effect && interval.high < effect) decided.add(id);
        return !decided.has(id);
      });
      if (!open.some(Boolean)) {
        stop = n;
        break;
      }
    }
    if (stop === plan.maxRuns) capped++;
    pairs += stop;
  }
  console.log(
    `${page}, ${method}: ${(pairs / comparisons).toFixed(2)} pairs per side on average, ${((100 * capped) / comparisons).toFixed(1)} % at the cap of ${plan.maxRuns}`,
  );
}
