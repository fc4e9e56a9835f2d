import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type TestPostgres } from '../field/postgres.js';
import { EXAMPLE_DIST, runCli, runMain, tempDir, writeJson } from '../helpers.js';
import { startLhciServer } from '../lhci-server.js';
import { readResults } from '../results-schema.js';

type Lhr = { requestedUrl: string; fetchTime: string; categories: Record<string, { score: number | null }> };
type ManifestEntry = { url: string; isRepresentativeRun: boolean; jsonPath: string; summary: Record<string, number | null> };

const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8' }).trim();
const read = <T>(file: string): T => JSON.parse(readFileSync(file, 'utf8')) as T;
/** Each run as `<path> <fetchTime>`: which runs, whatever the file and the host:port they are named by. */
const runsOf = (lhrs: Lhr[]) => lhrs.map((lhr) => `${new URL(lhr.requestedUrl).pathname} ${lhr.fetchTime}`).sort();

describe('perfgate upload: the runs of perfgate run through lhci upload', () => {
  let dir: string;
  let ours: ManifestEntry[];
  let postgres: TestPostgres;

  beforeAll(async () => {
    expect(existsSync(path.join(EXAMPLE_DIST, 'index.html')), 'build the example first: npm run build:example').toBe(true);
    dir = tempDir();
    // A repository, as in CI: lhci names the build after its commit.
    git(dir, 'init', '-q', '-b', 'main');
    writeJson(dir, 'pages.json', {
      staticDir: EXAMPLE_DIST,
      // An odd number: with an even one, Lighthouse CI takes the upper of the two middle values as the median
      // when it picks the representative run, Lighthouse (and perfgate) their mean.
      runs: 3,
      pages: [
        { name: 'home', path: '/' },
        { name: 'products', path: '/products/' },
      ],
    });
    writeJson(dir, 'budgets.json', { budgets: [{ path: '/*', resourceSizes: { total: { warn: '2 KB', error: '4 KB' } } }] });
    for (const message of ['first', 'second']) {
      writeFileSync(path.join(dir, 'notes.txt'), message);
      git(dir, 'add', '-A');
      git(dir, '-c', 'user.name=Ada', '-c', 'user.email=ada@example.com', 'commit', '-q', '-m', message);
    }
    // An earlier upload's links are of other runs: the run clears them.
    mkdirSync(path.join(dir, '.perfgate'));
    writeJson(path.join(dir, '.perfgate'), 'lhci-links.json', [{ page: 'home', url: 'http://127.0.0.1:9/', link: 'https://lhci.example.com/old' }]);
    const run = await runCli(['run'], { cwd: dir });
    expect(run.code, run.stderr).toBe(1);
    expect(existsSync(path.join(dir, '.perfgate/lhci-links.json'))).toBe(false);
    ours = read<ManifestEntry[]>(path.join(dir, '.perfgate/manifest.json'));
    expect(ours).toHaveLength(6);
    postgres = await startPostgres();
  }, 300_000);
  afterAll(() => postgres?.stop());

  it('to a folder (--target=filesystem): the same runs, the same representative runs and scores as perfgate’s manifest, its failed budgets as lhci’s assertion results', async () => {
    // A run of an earlier lhci collect, which lhci upload would send too: cleared first.
    mkdirSync(path.join(dir, '.lighthouseci'), { recursive: true });
    writeFileSync(path.join(dir, '.lighthouseci/lhr-1.json'), '{"not": "this run"}');
    // And an earlier upload's links, which would be taken for this one's.
    writeJson(path.join(dir, '.lighthouseci'), 'links.json', { 'http://127.0.0.1:9/': 'https://lhci.example.com/old' });
    const outputDir = path.join(dir, 'lhci-reports');
    const upload = await runCli(['upload', '--target=filesystem', `--outputDir=${outputDir}`], { cwd: dir });
    expect(upload.code, upload.stdout + upload.stderr).toBe(0);
    expect(upload.stdout).toContain('perfgate upload: 6 runs of 2 page(s) into .lighthouseci/, then lhci upload');
    const theirs = read<ManifestEntry[]>(path.join(outputDir, 'manifest.json'));
    const shape = (entries: ManifestEntry[]) =>
      entries.map((e) => ({
        path: new URL(e.url).pathname,
        representative: e.isRepresentativeRun,
        summary: e.summary,
        fetchTime: read<Lhr>(e.jsonPath).fetchTime,
      }));
    const byTime = (a: { fetchTime: string }, b: { fetchTime: string }) => a.fetchTime.localeCompare(b.fetchTime);
    expect(shape(theirs).sort(byTime)).toEqual(shape(ours).sort(byTime));
    expect(readdirSync(path.join(dir, '.lighthouseci')).filter((f) => f.startsWith('lhr-'))).toHaveLength(6);
    // A folder has no links: none are kept for the review.
    expect(existsSync(path.join(dir, '.lighthouseci/links.json'))).toBe(false);
    expect(existsSync(path.join(dir, '.perfgate/lhci-links.json'))).toBe(false);
    // lhci's GitHub status check reads its assertion results: perfgate's, each page's total size over 4 KB.
    const assertions = read<Array<{ auditId: string; auditProperty: string; level: string }>>(path.join(dir, '.lighthouseci/assertion-results.json'));
    expect(assertions).toEqual(read(path.join(dir, '.perfgate/assertion-results.json')));
    expect(assertions.map((a) => `${a.auditId}:${a.auditProperty} ${a.level}`)).toEqual([
      'resource-summary:total.size error',
      'resource-summary:total.size error',
    ]);
  }, 120_000);

  it('to a Lighthouse CI server on PostgreSQL (--target=lhci): one build of the commit holding every run', async () => {
    const server = await startLhciServer(await postgres.createDatabase('lhci'));
    try {
      const { url: api, project } = server;
      // lhci's options as they are, a value after its flag too.
      // Under GitHub Actions, after perfgate run put the review in the job summary.
      const summary = path.join(tempDir(), 'summary.md');
      writeFileSync(summary, '<!-- perfgate-review -->\n## perfgate: 2 pages\n');
      const env = { GITHUB_STEP_SUMMARY: summary, PERFGATE_SUMMARY_WRITTEN: path.join(dir, '.perfgate/results.json') };
      const upload = await runCli(['upload', '--target=lhci', `--serverBaseUrl=${api}`, '--token', project.token], { cwd: dir, env });
      expect(upload.code, upload.stdout + upload.stderr).toBe(0);
      expect(upload.stdout).toContain('Done saving build results to Lighthouse CI');
      const builds = (await (await fetch(`${api}/v1/projects/${project.id}/builds`)).json()) as Array<{ id: string; hash: string; branch: string }>;
      expect(builds.map((b) => [b.hash, b.branch])).toEqual([[git(dir, 'rev-parse', 'HEAD'), 'main']]);
      const runs = (await (await fetch(`${api}/v1/projects/${project.id}/builds/${builds[0]?.id}/runs`)).json()) as Array<{ lhr: string }>;
      expect(runsOf(runs.map((r) => JSON.parse(r.lhr) as Lhr))).toEqual(runsOf(ours.map((e) => read<Lhr>(e.jsonPath))));
      expect(readResults(path.join(dir, '.perfgate')).verdict).toBe('fail');
      // Each page's build diff, by page, for the review: lhci keys its links by the URL each run ended at.
      const build = `${api}/app/projects/${project.slug}/compare/${builds[0]?.id}`;
      const links = read<Array<{ page: string; url: string; link: string }>>(path.join(dir, '.perfgate/lhci-links.json'));
      expect(links.map((l) => [l.page, new URL(l.url).pathname, l.link.slice(0, build.length)])).toEqual([
        ['home', '/', build],
        ['products', '/products/', build],
      ]);
      expect(new URL(links[1]?.link as string).searchParams.get('compareUrl')).toMatch(/\/products\/$/);
      expect(upload.stdout).toContain('perfgate upload: the review links 2 page(s) on Lighthouse CI (.perfgate/lhci-links.json, and the job summary)');
      const line = `On Lighthouse CI: [home](${links[0]?.link}) · [products](${links[1]?.link})\n`;
      const review = await runCli(['report'], { cwd: dir });
      expect(review.code, review.stderr).toBe(0);
      expect(review.stdout).toContain(`\n${line}`);
      // The review already in the job summary gets the same line under it.
      expect(readFileSync(summary, 'utf8')).toBe(`<!-- perfgate-review -->\n## perfgate: 2 pages\n\n${line}`);
    } finally {
      await server.close();
    }
  }, 120_000);

  it('says what is missing: no run yet (exit 2), a run whose reports were cleaned', async () => {
    const empty = tempDir();
    const none = await runMain(['upload', '--target=filesystem'], { cwd: empty });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain(`${path.join(empty, '.perfgate/manifest.json')}: not there. perfgate upload sends the runs perfgate run wrote`);
    const cleaned = tempDir();
    mkdirSync(path.join(cleaned, 'out'));
    writeJson(path.join(cleaned, 'out'), 'manifest.json', [
      { url: 'http://127.0.0.1:9/', isRepresentativeRun: true, jsonPath: '/gone/runs/home-1.json', summary: {} },
    ]);
    const gone = await runMain(['upload', '--out', 'out'], { cwd: cleaned });
    expect(gone.code).toBe(2);
    expect(gone.stderr).toContain(`${path.join(cleaned, 'out/runs/home-1.json')}: the report of a run of http://127.0.0.1:9/ is not there`);
    expect(existsSync(path.join(cleaned, '.lighthouseci'))).toBe(false);
  });
});
