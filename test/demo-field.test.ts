import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, tempDir, writeJson } from './helpers.js';
import { CASES } from './report/cases.js';

/** Runs `node scripts/demo-field.mjs args`: its exit code and output. */
const demoField = (args: string[]) =>
  new Promise<{ code: number | null; output: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'scripts/demo-field.mjs'), ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' } });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d));
    child.stderr.on('data', (d: Buffer) => (output += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });

// npm run demo -- --field: real Chromium visits the example shop, whose server relays the snippet's beacons to a real collector (SQLite).
describe('the field demo', () => {
  it('stores every visit’s beacons and puts them beside the lab’s results, with what the field’s LCP comes from', async () => {
    const dir = tempDir();
    // Lab results with a page named home, as the shop's snippet names its front page.
    const results = writeJson(dir, 'results.json', CASES.pass!());
    const html = path.join(dir, 'field.html');
    const { code, output } = await demoField(['--visits', '1', '--results', results, '--html', html]);
    expect(code, output).toBe(0);
    expect(output).toContain('stored: 3 LCP samples of 3 page views');
    // The lab's home next to the field's p75 of one visit; checkout has no field data.
    expect(output).toMatch(/\| home \| LCP \| [\d.]+ (ms|s) \| [\d.]+ (ms|s) \(n=1\) \|/);
    expect(output).toContain('| checkout |  |  | not enough field data (n=0) |');
    // The attribution build, served by the shop's server for the demo, names the LCP element.
    expect(output).toContain('- LCP element: `html>body>main>p.lead` in 100 % of page views');
    expect(existsSync(html)).toBe(true);
    expect(readFileSync(html, 'utf8')).toContain('html&gt;body&gt;main&gt;p.lead');
  }, 120_000);

  it('says what is missing when there are no lab results, and takes no visit', async () => {
    const dir = tempDir();
    const { code, output } = await demoField(['--results', path.join(dir, 'results.json')]);
    expect(code).toBe(2);
    expect(output).toContain('No lab results of pages at');
    expect(output).toContain('run npm run demo first (or pass --results FILE)');
    expect(output).not.toContain('visits to each');
  });

  it.each([['0'], ['201'], ['2.5'], ['many']])('refuses --visits %s with exit 2, and takes no visit', async (visits) => {
    const { code, output } = await demoField(['--visits', visits]);
    expect(code).toBe(2);
    expect(output).toContain(`--visits must be a whole number from 1 to 200, not ${visits}`);
    expect(output).not.toContain('visits to each');
  });
});
