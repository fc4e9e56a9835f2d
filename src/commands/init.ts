import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadBudgets, loadBudgetsIfPresent, parseBudgets } from '../config/load-budgets.js';
import { readLhciConfig, readWorkflows } from '../config/read-lhci-config.js';
import { readLhciPresets } from '../config/read-lhci-presets.js';
import { type LhciPresets, presetNamesOf } from '../init/lhci-preset.js';
import { loadLighthouse } from '../lab/lighthouse.js';
import { LHCI_ACTION, lhciActionSteps, lhciConfigOfAction } from '../init/lhci-action.js';
import { type LhciSite, LHCI_STATIC_ORIGIN } from '../init/lhci-collect.js';
import { budgetsFromLhci, type LhciImport, readLhciImport } from '../init/lhci-import.js';
import { budgetJson } from '../init/budget-json.js';
import { parsePages } from '../config/load-pages.js';
import { UserError } from '../errors.js';
import { findSizeLimitConfig } from '../config/size-limit-config.js';
import { plural } from '../plural.js';
import { auditIdsOf } from '../budgets/assert.js';
import { labSettings } from '../lab/settings.js';
import { type FoundPage, pagesFromFiles, pagesFromPaths, pagesFromSitemap } from '../init/site-pages.js';
import { STARTER_BUDGETS } from '../init/starter-budgets.js';
import { compactJson } from '../init/compact-json.js';
import {
  LHCI_CONFIG_FILES,
  PUPPETEER_SETUP_FILE,
  puppeteerSetup,
  STARTER_LIGHTHOUSERC,
  type StarterSite,
  starterPages,
  starterWorkflow,
} from '../init/starter-files.js';
import type { Io } from '../io.js';
import { isFolder } from '../is-folder.js';
import { folderFlag } from './folder-flag.js';

export interface InitFlags {
  dir?: string;
  /** A Lighthouse CI config to import (default: the one lhci would read here). */
  lhciConfig?: string;
  /** false with --no-lhci: do not import a Lighthouse CI config. */
  lhci?: boolean;
  command?: string;
  url?: string;
  path?: string[];
  maxPages: number;
  /** How the workflow builds the project and its merge base; default DEFAULT_BUILD. */
  build?: string;
  force?: boolean;
  workflow: boolean;
}

/** How the workflow builds a project unless --build says. */
const DEFAULT_BUILD = 'npm ci && npm run build';

/** Where built sites usually are, in the order they are tried. */
const BUILD_FOLDERS = ['dist', 'build', 'out', 'public', '_site', 'www'];
/** HTML files read at most, so that a huge folder cannot hold init up. */
const MOST_FILES = 5000;

/** The HTML files under `dir` (relative paths), node_modules and dot folders skipped. */
function htmlFiles(dir: string): string[] {
  const found: string[] = [];
  const walk = (relative: string) => {
    for (const entry of readdirSync(path.join(dir, relative), { withFileTypes: true })) {
      if (found.length >= MOST_FILES) return;
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const child = path.join(relative, entry.name);
      if (entry.isDirectory()) walk(child);
      else if (/\.html?$/i.test(entry.name)) found.push(child);
    }
  };
  walk('');
  return found;
}

/** The build folder: --dir, else the first usual one holding an index.html. */
function buildFolder(flags: InitFlags, cwd: string): string | null {
  if (flags.dir) {
    return folderFlag('--dir', flags.dir, cwd, 'Build your site first, or point --dir at its output.');
  }
  const found = BUILD_FOLDERS.map((name) => path.join(cwd, name)).find((dir) => existsSync(path.join(dir, 'index.html')));
  return found ?? null;
}

/** The site and its pages: a build folder's HTML files (sitemap.xml's pages first), or a command's paths. */
function discover(flags: InitFlags, cwd: string): { site: StarterSite; pages: FoundPage[]; said: string } {
  if (flags.command || flags.url) {
    if (!flags.command || !flags.url) throw new UserError('--command and --url go together: the command that serves the site, and the URL it serves it at.');
    if (!URL.canParse(flags.url) || !/^https?:$/.test(new URL(flags.url).protocol))
      throw new UserError(`--url ${flags.url}: not an http(s) URL; write e.g. http://127.0.0.1:3000`);
    const paths = flags.path?.length ? flags.path : ['/'];
    const bad = paths.find((p) => !p.startsWith('/'));
    if (bad) throw new UserError(`--path ${bad}: a path on the site starts with "/", e.g. --path /pricing/`);
    const pages = pagesFromPaths(paths, flags.maxPages);
    return { site: { command: flags.command, url: flags.url }, pages, said: `a site served by \`${flags.command}\` at ${flags.url}` };
  }
  const dir = buildFolder(flags, cwd);
  if (!dir) {
    throw new UserError(
      `no build folder found (looked for ${BUILD_FOLDERS.map((f) => `${f}/`).join(', ')} holding an index.html). Build your site first, or pass --dir FOLDER, or --command CMD --url URL for a site served by a command.`,
    );
  }
  const files = htmlFiles(dir);
  const sitemap = path.join(dir, 'sitemap.xml');
  const listed = existsSync(sitemap) ? pagesFromSitemap(readFileSync(sitemap, 'utf8'), flags.maxPages) : [];
  const fromFiles = pagesFromFiles(files, flags.maxPages).filter((page) => !listed.some((l) => l.path === page.path));
  const names = new Set(listed.map((p) => p.name));
  const pages = [...listed, ...fromFiles.map((p) => (names.has(p.name) ? { ...p, name: `${p.name}-page` } : p))].slice(0, flags.maxPages);
  if (pages.length === 0) throw new UserError(`${path.relative(cwd, dir) || '.'} holds no HTML page. Build your site first, or pass --dir FOLDER.`);
  const folder = path.relative(cwd, dir).split(path.sep).join('/') || '.';
  const sitemapNote = listed.length > 0 ? `, sitemap.xml lists ${listed.length}` : '';
  return {
    site: { staticDir: folder },
    pages,
    said: `a static site in ${folder}/ with ${files.length} HTML file${files.length === 1 ? '' : 's'}${sitemapNote}`,
  };
}

/**
 * Lighthouse CI's config to import: --lhci-config, else the first lhci itself would read in the
 * folder, else what a workflow's treosh/lighthouse-ci-action step runs (none with --no-lhci).
 */
async function lhciImport(flags: InitFlags, cwd: string): Promise<{ file: string; found: LhciImport } | null> {
  if (flags.lhci === false) return null;
  const name = flags.lhciConfig ?? LHCI_CONFIG_FILES.find((file) => existsSync(path.join(cwd, file)));
  if (!name) return actionImport(flags, cwd);
  const file = path.resolve(cwd, name);
  const rc = await readLhciConfig(file);
  if (rc === null) return null;
  const shown = path.relative(cwd, file) || name;
  return { file: shown, found: readLhciImport(rc, shown, flags.maxPages, await lhciPresets(rc, cwd)) };
}

/**
 * The presets a Lighthouse CI config names, from the installed Lighthouse CI, with the audits of
 * the Lighthouse perfgate measures with (a preset's audits it lacks are left out); undefined when
 * the config names none.
 */
async function lhciPresets(rc: unknown, cwd: string): Promise<LhciPresets | undefined> {
  const names = presetNamesOf(rc);
  if (names.length === 0) return undefined;
  const assertions = readLhciPresets(names, cwd);
  if (Object.keys(assertions).length === 0) return { assertions, knownAudits: null, lighthouse: 'Lighthouse' };
  try {
    const lighthouse = await loadLighthouse();
    return { assertions, knownAudits: new Set(await lighthouse.auditIds()), lighthouse: `Lighthouse ${lighthouse.version}` };
  } catch {
    // No Lighthouse perfgate can use: perfgate run will say so; the preset is imported whole.
    return { assertions, knownAudits: null, lighthouse: 'Lighthouse' };
  }
}

/** The Lighthouse CI run of the first workflow step that uses treosh/lighthouse-ci-action: its inputs over the config its configPath names. */
async function actionImport(flags: InitFlags, cwd: string): Promise<{ file: string; found: LhciImport } | null> {
  const [step] = readWorkflows(cwd).flatMap(({ file, workflow }) => lhciActionSteps(workflow, file));
  if (!step) return null;
  const configPath = typeof step.inputs.configPath === 'string' ? step.inputs.configPath : null;
  const base = configPath ? await readLhciConfig(path.resolve(cwd, configPath)) : null;
  const { rc, notes } = lhciConfigOfAction(step, base);
  if (rc.ci.collect === undefined && rc.ci.assert === undefined) return null;
  const file = `${step.workflow} (${LHCI_ACTION})`;
  const found = readLhciImport(rc, file, flags.maxPages, await lhciPresets(rc, cwd));
  return { file, found: { ...found, notes: [...notes, ...found.notes] } };
}

/** The site and pages of an imported Lighthouse CI config; a static site's pages are found in its folder when lhci would find them there. */
function discoverFromLhci(flags: InitFlags, cwd: string, file: string, lhci: LhciSite): { site: StarterSite; pages: FoundPage[]; said: string } | null {
  if (flags.dir || flags.command || flags.url || !lhci.site) return null;
  if (lhci.pages) {
    const where =
      'staticDir' in lhci.site
        ? `a static site in ${lhci.site.staticDir}/`
        : 'command' in lhci.site
          ? `a site served by \`${lhci.site.command}\` at ${lhci.site.url}`
          : `the site at ${lhci.site.baseUrl}`;
    return { site: lhci.site, pages: lhci.pages, said: `${where} (from ${file})` };
  }
  const dir = (lhci.site as { staticDir: string }).staticDir;
  if (!isFolder(path.join(cwd, dir)))
    throw new UserError(
      `${file}: ci.collect.staticDistDir ${dir}: no such folder. Build your site first (perfgate init reads its pages there), or pass --dir FOLDER.`,
    );
  const maxPages = lhci.maxPages ? lhci.maxPages : flags.maxPages;
  const found = discover({ ...flags, dir, maxPages: maxPages + lhci.blocked.length }, cwd);
  const pages = found.pages.filter((p) => !lhci.blocked.includes(p.path)).slice(0, maxPages);
  return { ...found, pages, said: `${found.said} (from ${file})` };
}

/** The URL Lighthouse CI would measure a page at: what its matchingUrlPattern is tested on. */
function lhciUrl(site: StarterSite, page: FoundPage): string {
  if (page.url) return page.url;
  const origin = 'staticDir' in site ? LHCI_STATIC_ORIGIN : 'command' in site ? site.url : site.baseUrl;
  return new URL(page.path, `${origin.replace(/\/$/, '')}/`).href;
}

/** budgets.json from an imported Lighthouse CI config: its assertions per page, and its LightWallet budgetsFile; null when it has none. */
function importedBudgets(
  cwd: string,
  file: string,
  found: LhciImport,
  site: StarterSite,
  pages: FoundPage[],
  notes: string[],
): { json: object; what: string } | null {
  const fromAssertions = budgetsFromLhci(
    found.blocks,
    pages,
    pages.map((p) => lhciUrl(site, p)),
  );
  notes.push(...fromAssertions.notes);
  const rules = [...fromAssertions.rules];
  const { imported, applied } = fromAssertions;
  const sources = applied > 0 ? [`${imported === applied ? 'the' : `${imported} of the`} ${applied} assertion${applied === 1 ? '' : 's'} of ${file}`] : [];
  if (found.budgetsFile) {
    const budgetsFile = path.resolve(cwd, found.budgetsFile);
    const lightWallet = loadBudgets(budgetsFile);
    if (lightWallet.format !== 'lightwallet') notes.push(`ci.assert.budgetsFile: ${found.budgetsFile} is not a Lighthouse budgets file; not imported`);
    else {
      rules.push(...lightWallet.budgets);
      notes.push(...lightWallet.warnings);
      sources.push(`the budgets of ${found.budgetsFile}`);
    }
  }
  if (rules.length === 0) return null;
  return { json: { $schema: STARTER_BUDGETS.$schema, budgets: rules.map(budgetJson), field: STARTER_BUDGETS.field }, what: sources.join(' and ') };
}

/**
 * The imported `skipAudits` without the audits the imported budgets read (Lighthouse CI failed such
 * an assertion as not run), each named in a note.
 */
function unbudgetedSkips(skipped: string[] | null, budgeted: readonly string[], notes: string[]): string[] | null {
  if (skipped === null) return null;
  for (const id of skipped.filter((id) => budgeted.includes(id)))
    notes.push(`ci.collect.settings.skipAudits: "${id}" not imported: an imported assertion reads it (Lighthouse CI failed it as not run); it runs`);
  return skipped.filter((id) => !budgeted.includes(id));
}

/**
 * What becomes of a size-limit config in the folder: its checks are perfgate's bundle budgets as they
 * are (budgets.json, which init writes without "bundles", would replace them with its own); one that
 * does not load is named with why.
 */
async function sizeLimitNote(cwd: string): Promise<string | null> {
  try {
    const found = await findSizeLimitConfig(cwd);
    if (!found) return null;
    if ('needsJiti' in found)
      return `${path.basename(found.needsJiti)}: size-limit's config in TypeScript is read with jiti, which is not installed: npm install --save-dev jiti`;
    const count = Array.isArray(found.checks) ? found.checks.length : 0;
    return `${path.relative(cwd, found.file) || found.file}: size-limit's ${plural(count, 'check')}, which perfgate run and perfgate size measure as they are (budgets.json has no "bundles", which would replace them)`;
  } catch (error) {
    if (error instanceof UserError) return `size-limit's config does not load: ${error.message}`;
    throw error;
  }
}

/** Writes a starter file unless it exists (or with --force); says which. True when written. */
function writeStarter(cwd: string, force: boolean | undefined, { file, text, what }: { file: string; text: string; what: string }, io: Io): boolean {
  const target = path.join(cwd, file);
  if (existsSync(target) && !force) {
    io.stdout.write(`  kept   ${file}: it exists (--force replaces it)\n`);
    return false;
  }
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(target, text);
  io.stdout.write(`  wrote  ${file} (${what})\n`);
  return true;
}

/** Whether the folder's package.json has a build script (a library may measure its sources as they are). */
function hasBuildScript(cwd: string): boolean {
  try {
    const scripts = (JSON.parse(readFileSync(path.join(cwd, 'package.json'), 'utf8')) as { scripts?: Record<string, unknown> }).scripts;
    return typeof scripts?.build === 'string';
  } catch {
    return false;
  }
}

/**
 * `perfgate init` in a project with bundle budgets (budgets.json's, or a size-limit config's checks,
 * as they are) and no site to measure (a library): only the workflow is written, whose action
 * measures the bundles alone, side by side with the merge base. `found` says where they are.
 */
function initBundlesOnly(flags: InitFlags, io: Io, found: string): number {
  io.stdout.write('perfgate init: no site to measure (no build folder), and bundle budgets: the bundles alone\n');
  const written = flags.workflow
    ? writeStarter(
        io.cwd,
        flags.force,
        {
          file: '.github/workflows/perfgate.yml',
          text: starterWorkflow(null, flags.build ?? (hasBuildScript(io.cwd) ? DEFAULT_BUILD : 'npm ci')),
          what: 'perfgate size on every pull request, side by side with the merge base',
        },
        io,
      )
    : false;
  io.stdout.write(`  note   ${found}\n`);
  io.stdout.write('  note   no pages.json: for pages too, build the site and run perfgate init again (or --dir FOLDER, --command CMD --url URL)\n');
  if (!written) io.stdout.write('Nothing was written.\n');
  io.stdout.write('Next: npx perfgate size (measure the bundles), npx perfgate size --why (what they hold).\n');
  return 0;
}

/**
 * `perfgate init`: finds the site (a build folder, or --command and --url, or the Lighthouse CI
 * config lhci would read here), lists its pages, and writes pages.json, budgets.json (the Lighthouse
 * CI config's assertions when it has some), lighthouserc.cjs and the GitHub workflow, each only
 * when it does not exist yet (or with --force); prints what it wrote, what it did not import, and
 * the next command. A library (a size-limit config, no site) gets the workflow alone.
 */
export async function initCommand(flags: InitFlags, io: Io): Promise<number> {
  const lhci = await lhciImport(flags, io.cwd);
  if (!lhci && !flags.dir && !flags.command && !flags.url && buildFolder(flags, io.cwd) === null) {
    const own = loadBudgetsIfPresent(io.cwd, 'budgets.json');
    const bundles = own && own.bundles.length > 0 ? `budgets.json: ${plural(own.bundles.length, 'bundle budget')}, which perfgate size measures` : null;
    const found = bundles ?? (await sizeLimitNote(io.cwd));
    if (found) return initBundlesOnly(flags, io, found);
  }
  const { site, pages, said } = (lhci && discoverFromLhci(flags, io.cwd, lhci.file, lhci.found.site)) || discover(flags, io.cwd);
  const notes = lhci ? [...lhci.found.notes] : [];
  const imported = lhci ? importedBudgets(io.cwd, lhci.file, lhci.found, site, pages, notes) : null;
  if (lhci && !imported) notes.push(`${lhci.file} has no assertion perfgate can take over: budgets.json starts from the Core Web Vitals' "good" limits`);
  const budgetsJson = imported?.json ?? STARTER_BUDGETS;
  const script = lhci?.found.site.puppeteerScript ?? null;
  const scriptPath = script && `./${path.relative(io.cwd, path.resolve(io.cwd, script)).split(path.sep).join('/')}`;
  if (scriptPath && !existsSync(path.resolve(io.cwd, scriptPath)))
    throw new UserError(`${lhci?.file}: ci.collect.puppeteerScript ${script}: no such file. Name the login script lhci runs, or pass --no-lhci.`);
  // What init writes is checked by the loaders perfgate run uses, before anything is written.
  const { budgets } = parseBudgets(budgetsJson, path.join(io.cwd, 'budgets.json'));
  const skipAudits = unbudgetedSkips(lhci?.found.site.skipAudits ?? null, auditIdsOf(budgets), notes);
  const pagesJson = starterPages(site, pages, { ...lhci?.found.site, skipAudits, setup: scriptPath && `./${PUPPETEER_SETUP_FILE}` });
  // The settings perfgate run makes of the two files (a skipped audit a budget reads would stop it).
  // (its setup is the file init writes below, so it is left out of the check, which looks for the file)
  labSettings(parsePages({ ...pagesJson, setup: undefined }, path.join(io.cwd, 'pages.json'), io.env), budgets);
  const json = (data: unknown) => `${JSON.stringify(data, null, 2)}\n`;
  const shown = pages.map((p) => `${p.name} ${p.path}`);
  const files: Array<{ file: string; text: string; what: string }> = [
    {
      file: 'pages.json',
      text: json(pagesJson),
      what: `${pages.length} page${pages.length === 1 ? '' : 's'}: ${shown.slice(0, 5).join(', ')}${shown.length > 5 ? ', ...' : ''}`,
    },
    {
      file: 'budgets.json',
      text: `${compactJson(budgetsJson)}\n`,
      what: imported ? `from ${imported.what}` : 'Core Web Vitals "good" limits as errors, warnings a margin below',
    },
    { file: 'lighthouserc.cjs', text: STARTER_LIGHTHOUSERC, what: '`lhci autorun` from the same two files' },
  ];
  if (scriptPath) {
    files.push({
      file: PUPPETEER_SETUP_FILE,
      text: puppeteerSetup(scriptPath),
      what: `Lighthouse CI's puppeteerScript ${scriptPath} as the login of every page`,
    });
  }
  if (flags.workflow) {
    files.push({
      file: '.github/workflows/perfgate.yml',
      text: starterWorkflow(site, flags.build ?? DEFAULT_BUILD),
      what: 'perfgate on every pull request, side by side with the merge base',
    });
  }
  io.stdout.write(`perfgate init: ${said}\n`);
  if (lhci) io.stdout.write(`Imported Lighthouse CI's ${lhci.file}: its URLs and settings into pages.json, its assertions into budgets.json.\n`);
  // Lighthouse CI reads the first config it finds, and a lighthouserc.cjs comes before the others:
  // written beside a team's own config, it would silently replace that config's assertions and upload.
  const ownLhci = LHCI_CONFIG_FILES.find((name) => name !== 'lighthouserc.cjs' && existsSync(path.join(io.cwd, name)));
  let kept = 0;
  for (const { file, text, what } of files) {
    if (file === 'lighthouserc.cjs' && ownLhci) {
      kept++;
      io.stdout.write(
        `  kept   ${ownLhci}: Lighthouse CI's config, which lhci would stop reading beside a lighthouserc.cjs; to have lhci enforce budgets.json, replace it with a lighthouserc.cjs holding module.exports = require('perfgate/lhci').lhciConfig() (README: Lighthouse CI)\n`,
      );
      continue;
    }
    if (!writeStarter(io.cwd, flags.force, { file, text, what }, io)) kept++;
  }
  const sizeLimit = await sizeLimitNote(io.cwd);
  if (sizeLimit) notes.push(sizeLimit);
  for (const note of notes) io.stdout.write(`  note   ${note}\n`);
  if ('command' in site) io.stdout.write('The workflow serves the base build with the same command and PORT=4174: check that your server reads PORT.\n');
  if (kept === files.length) io.stdout.write('Nothing was written.\n');
  io.stdout.write('Next: npx perfgate check (is everything in place?), npx perfgate run (measure), npx perfgate open (the reports).\n');
  return 0;
}
