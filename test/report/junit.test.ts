import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderAnnotations } from '../../src/report/annotations.js';
import { renderJunit } from '../../src/report/junit.js';
import { ROOT, tempDir } from '../helpers.js';
import { bundleVerdict, CASES } from './cases.js';

/** Every element opened is closed in order (a well-formedness check of the markup perfgate writes). */
function balanced(xml: string): boolean {
  const stack: string[] = [];
  for (const [, closing, name, selfClosing] of xml.replace(/<\?xml[^>]*\?>/, '').matchAll(/<(\/?)([\w-]+)[^>]*?(\/?)>/g)) {
    if (selfClosing) continue;
    if (!closing) stack.push(name as string);
    else if (stack.pop() !== name) return false;
  }
  return stack.length === 0;
}

describe('renderJunit', () => {
  it('matches its golden file: a suite per page, a case per budget, failures, errors and warnings noted', () => {
    const xml = renderJunit(CASES['page-error']!());
    const file = path.join(ROOT, 'test/report/golden/page-error.junit.xml');
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(file, xml);
    expect(existsSync(file), 'create it with UPDATE_GOLDEN=1').toBe(true);
    expect(xml).toBe(readFileSync(file, 'utf8'));
  });

  it('counts what GitLab counts, and stays well-formed with hostile names', () => {
    const results = CASES.fail!();
    results.pages[0]!.name = '<home & "co">';
    for (const b of results.budgets) if (b.page === 'home') b.page = '<home & "co">';
    const xml = renderJunit(results);
    expect(balanced(xml)).toBe(true);
    expect(xml).not.toContain('<home');
    expect(xml).toContain('&lt;home &amp; &quot;co&quot;&gt;');
    const failed = results.budgets.filter((b) => b.status === 'fail').length;
    expect(xml).toMatch(new RegExp(`<testsuites name="perfgate" tests="${results.budgets.length}" failures="${failed}" errors="0"`));
    expect((xml.match(/<failure /g) ?? []).length).toBe(failed);
  });

  it('keeps a borderline budget passing, with its note', () => {
    const xml = renderJunit(CASES['side-by-side-inconclusive']!());
    expect(xml).toMatch(/<system-out>borderline: LCP 2\.50 s against 2\.50 s \/ 4\.00 s \(warn \/ error\): borderline: the warn limit/);
    expect(xml).not.toContain('<failure');
  });
});

/** xmllint's verdict on a document against the JUnit XML schema of test/report/junit.xsd. */
function validate(xml: string): { valid: boolean; output: string } {
  const file = path.join(tempDir(), 'report.xml');
  writeFileSync(file, xml);
  const run = spawnSync('xmllint', ['--noout', '--schema', path.join(ROOT, 'test/report/junit.xsd'), file], { encoding: 'utf8' });
  return { valid: run.status === 0, output: `${run.stdout}${run.stderr}` };
}

describe('the JUnit XML against the schema CI systems read (xmllint)', () => {
  it.each(Object.keys(CASES))('is valid for the %s case', (name) => {
    const { valid, output } = validate(renderJunit(CASES[name]!()));
    expect(valid, output).toBe(true);
  });

  it("gives a failed budget's clues in its failure's text", () => {
    const xml = renderJunit(CASES.fail!());
    const tbt = xml.split('<testcase ').find((c) => c.includes('name="home › TBT')) as string;
    expect(tbt).toMatch(
      /<failure type="budget" message="TBT 750 ms against 300 ms \/ 600 ms \(warn \/ error\)">Main-thread work, median per run: 1\.95 s;[^<]*\nScripts by main-thread time[^<]*<\/failure>/,
    );
  });

  it('and the schema does refuse what those readers cannot take', () => {
    const xml = renderJunit(CASES.fail!());
    expect(validate(xml.replace(/tests="(\d+)"/, 'tests="many"')).valid).toBe(false);
    expect(validate(xml.replace('<failure ', '<error type="x"/><failure ')).valid).toBe(false);
    expect(validate(xml.replace(/<testcase classname="[^"]*" /, '<testcase ')).valid).toBe(false);
  });
});

describe('renderAnnotations', () => {
  it('gives GitHub an ::error per failed or unmeasured budget and a ::warning per warning, escaped', () => {
    const text = renderAnnotations(CASES.fail!());
    expect(text).toContain('::error title=perfgate%3A home TBT::fail: TBT 750 ms against 300 ms / 600 ms (warn / error)');
    // What the runs show about why follows, a line each: the blocking time's clues, not the LCP element's.
    const tbt = text.split('\n').find((line) => line.startsWith('::error title=perfgate%3A home TBT::')) as string;
    expect(tbt).toContain('(warn / error)%0AMain-thread work, median per run: 1.95 s; most in script evaluation 1.75 s');
    expect(tbt).toContain('%0AScripts by main-thread time, median per run: /assets/app-');
    expect(tbt).not.toContain('LCP element');
    expect(
      text
        .split('\n')
        .filter(Boolean)
        .every((line) => /^::(error|warning) title=[^:]+::/.test(line)),
    ).toBe(true);
    expect(renderAnnotations(CASES.pass!())).toBe('');
    expect(renderAnnotations(CASES['page-error']!())).toMatch(/^::error title=perfgate%3A search not measured::ERRORED_DOCUMENT_REQUEST/m);
  });

  it('gives a failed bundle’s own words (its message) under its failure, and not a passing bundle’s', () => {
    const text = renderAnnotations(CASES.fail!());
    expect(text).toContain(
      '::error title=perfgate%3A vendor JS Size (brotli)::fail: Size (brotli) 182.4 kB against 150.0 kB / 170.0 kB (warn / error) (3 files)%0Avendor JS: Ask #web-perf before raising this limit (docs/bundles.md)\n',
    );
    expect(text).not.toContain('not shown');
    const xml = renderJunit(CASES.fail!());
    expect(xml).toContain('(warn / error): 3 files">vendor JS: Ask #web-perf before raising this limit (docs/bundles.md)</failure>');
    expect(xml).not.toContain('not shown');
  });

  it('says where a bundle’s change is, by file, under its failed budget', () => {
    const results = CASES.pass!();
    results.budgets.push(
      bundleVerdict({
        warn: null,
        error: 50_000,
        actual: 52_000,
        values: [52_000],
        status: 'fail',
        parts: [
          { name: 'assets/index-Dq81LmzA.js', value: 10_000 },
          { name: 'assets/vendor-a1b2c3d4.js', value: 42_000 },
        ],
        change: { base: 40_000, delta: 12_000, relative: 0.3, baseParts: [{ name: 'assets/index-BxK3a9Qz.js', value: 40_000 }] },
      }),
    );
    expect(renderAnnotations(results)).toContain(
      '::error title=perfgate%3A app JS Size (brotli)::fail: Size (brotli) 52.0 kB against - / 50.0 kB (warn / error)%0Awhere the change is: app JS: assets/vendor-*.js new, 42.0 kB, assets/index-*.js -30.0 kB',
    );
  });
});
