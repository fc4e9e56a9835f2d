import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseBudgets } from '../config/load-budgets.js';
import { parsePages } from '../config/load-pages.js';
import { UserError } from '../errors.js';
import { type FoundPage, pagesFromFiles, pagesFromPaths, pagesFromSitemap } from '../init/site-pages.js';
import { STARTER_BUDGETS } from '../init/starter-budgets.js';
import { LHCI_CONFIG_FILES, STARTER_LIGHTHOUSERC, type StarterSite, starterPages, starterWorkflow } from '../init/starter-files.js';
import type { Io } from '../io.js';

export interface InitFlags {
  dir?: string;
  command?: string;
  url?: string;
  path?: string[];
  maxPages: number;
  build: string;
  force?: boolean;
  workflow: boolean;
}

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
    const dir = path.resolve(cwd, flags.dir);
    if (!existsSync(dir) || !statSync(dir).isDirectory())
      throw new UserError(`--dir ${flags.dir}: no such folder. Build your site first, or point --dir at its output.`);
    return dir;
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
 * `perfgate init`: finds the site (a build folder, or --command and --url), lists its pages, and
 * writes pages.json, budgets.json, lighthouserc.cjs and the GitHub workflow, each only when it does
 * not exist yet (or with --force); prints what it wrote and the next command.
 */
export async function initCommand(flags: InitFlags, io: Io): Promise<number> {
  const { site, pages, said } = discover(flags, io.cwd);
  const pagesJson = starterPages(site, pages);
  // What init writes is checked by the loaders perfgate run uses, before anything is written.
  parsePages(pagesJson, path.join(io.cwd, 'pages.json'), io.env);
  parseBudgets(STARTER_BUDGETS, path.join(io.cwd, 'budgets.json'));
  const json = (data: unknown) => `${JSON.stringify(data, null, 2)}\n`;
  const shown = pages.map((p) => `${p.name} ${p.path}`);
  const files: Array<{ file: string; text: string; what: string }> = [
    {
      file: 'pages.json',
      text: json(pagesJson),
      what: `${pages.length} page${pages.length === 1 ? '' : 's'}: ${shown.slice(0, 5).join(', ')}${shown.length > 5 ? ', ...' : ''}`,
    },
    { file: 'budgets.json', text: json(STARTER_BUDGETS), what: 'Core Web Vitals "good" limits as errors, warnings a margin below' },
    { file: 'lighthouserc.cjs', text: STARTER_LIGHTHOUSERC, what: '`lhci autorun` from the same two files' },
  ];
  if (flags.workflow) {
    files.push({
      file: '.github/workflows/perfgate.yml',
      text: starterWorkflow(site, flags.build),
      what: 'perfgate on every pull request, side by side with the merge base',
    });
  }
  io.stdout.write(`perfgate init: ${said}\n`);
  // Lighthouse CI reads the first config it finds, and a lighthouserc.cjs comes before the others:
  // written beside a team's own config, it would silently replace that config's assertions and upload.
  const ownLhci = LHCI_CONFIG_FILES.find((name) => name !== 'lighthouserc.cjs' && existsSync(path.join(io.cwd, name)));
  let kept = 0;
  for (const { file, text, what } of files) {
    const target = path.join(io.cwd, file);
    if (file === 'lighthouserc.cjs' && ownLhci) {
      kept++;
      io.stdout.write(
        `  kept   ${ownLhci}: Lighthouse CI's config, which lhci would stop reading beside a lighthouserc.cjs; to have lhci enforce budgets.json, make it module.exports = require('perfgate/lhci').lhciConfig() (README: Lighthouse CI)\n`,
      );
      continue;
    }
    if (existsSync(target) && !flags.force) {
      kept++;
      io.stdout.write(`  kept   ${file}: it exists (--force replaces it)\n`);
      continue;
    }
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, text);
    io.stdout.write(`  wrote  ${file} (${what})\n`);
  }
  if ('command' in site) io.stdout.write('The workflow serves the base build with the same command and PORT=4174: check that your server reads PORT.\n');
  if (kept === files.length) io.stdout.write('Nothing was written.\n');
  io.stdout.write('Next: npx perfgate run, then open .perfgate/reports/.\n');
  return 0;
}
