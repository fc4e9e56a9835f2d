import { readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lhciConfig } from '../../src/lhci/config.js';
import { ROOT, runLhci, runMain, tempDir, writeJson } from '../helpers.js';
import { readResults } from '../results-schema.js';

const PAGE = '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>t</title></head><body><h1>hello</h1></body></html>';
const TLS = path.join(ROOT, 'test/fixtures/tls');

const listen = (server: http.Server | https.Server) =>
  new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));

describe('chromeFlags in pages.json reach the Chrome that measures (real Chromium)', () => {
  // A local server with a self-signed certificate (test/fixtures/tls, made for 127.0.0.1), as a dev or staging server has.
  const secure = https.createServer({ key: readFileSync(path.join(TLS, 'key.pem')), cert: readFileSync(path.join(TLS, 'cert.pem')) }, (_, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(PAGE);
  });
  const hosts: string[] = [];
  const plain = http.createServer((req, res) => {
    hosts.push(req.headers.host ?? '');
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(PAGE);
  });
  let securePort = 0;
  let plainPort = 0;

  beforeAll(async () => {
    securePort = await listen(secure);
    plainPort = await listen(plain);
  });
  afterAll(() => {
    secure.close();
    plain.close();
  });

  it('without a flag, a self-signed certificate is a page error that says which flag to add (exit 3)', async () => {
    const dir = tempDir();
    writeJson(dir, 'pages.json', { runs: 1, pages: [{ name: 'tls', url: `https://127.0.0.1:${securePort}/` }] });
    const result = await runMain(['run', '--out', 'out'], { cwd: dir });
    expect(result.code, result.stderr).toBe(3);
    const results = readResults(path.join(dir, 'out'));
    expect(results.pages[0].error.code).toBe('INSECURE_DOCUMENT_REQUEST');
    expect(results.pages[0].error.message).toContain('add "chromeFlags": ["--ignore-certificate-errors"] to pages.json');
    expect(result.stdout).toContain('add "chromeFlags": ["--ignore-certificate-errors"] to pages.json');
    expect(result.stdout).toContain('⁇ error: no budgets; 1 page could not be measured');
    expect(result.stdout).not.toContain('HTML reports');
  }, 120_000);

  it('measures that server with --ignore-certificate-errors, and a host name mapped to loopback with --host-resolver-rules', async () => {
    const dir = tempDir();
    writeJson(dir, 'pages.json', {
      runs: 1,
      chromeFlags: ['--ignore-certificate-errors', `--host-resolver-rules=MAP shop.perfgate.test 127.0.0.1:${plainPort}`, '--disable-features=Translate'],
      pages: [
        { name: 'tls', url: `https://127.0.0.1:${securePort}/` },
        { name: 'mapped', url: 'http://shop.perfgate.test/' },
      ],
    });
    const result = await runMain(['run', '--out', 'out'], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    const results = readResults(path.join(dir, 'out'));
    for (const page of results.pages) {
      expect(page.error, page.name).toBeNull();
      expect(page.metrics['first-contentful-paint'].median, page.name).toBeGreaterThan(0);
    }
    // Chrome resolved the name to this server, and asked for it by that name.
    expect(hosts).toContain('shop.perfgate.test');
    // Where to open the pages' reports.
    expect(result.stdout).toContain("HTML reports: out/reports/ (2: each page's representative run, as Lighthouse picks it)\n");
  }, 180_000);

  it('lhci autorun with the generated lighthouserc starts its Chrome with the same flags, a value with spaces included', async () => {
    const dir = tempDir();
    // A production host name served by the local TLS server: both flags are needed to measure it.
    writeJson(dir, 'pages.json', {
      runs: 1,
      chromeFlags: ['--ignore-certificate-errors', `--host-resolver-rules=MAP secure.perfgate.test 127.0.0.1:${securePort}`],
      pages: [{ name: 'secure', url: 'https://secure.perfgate.test/' }],
    });
    writeJson(dir, 'budgets.json', { budgets: [{ timings: { 'first-contentful-paint': { warn: 20000, error: 30000 } } }] });
    const rc = writeJson(dir, 'lighthouserc.json', lhciConfig({ cwd: dir, env: {} }));
    const lhci = await runLhci(['autorun', `--config=${rc}`], dir);
    expect(lhci.code, lhci.output).toBe(0);
    const reports = readdirSync(path.join(dir, '.lighthouseci')).filter((f) => /^lhr-\d+\.json$/.test(f));
    expect(reports).toHaveLength(1);
    const lhr = JSON.parse(readFileSync(path.join(dir, '.lighthouseci', reports[0] as string), 'utf8'));
    expect(lhr.runtimeError).toBeUndefined();
    expect(lhr.finalDisplayedUrl).toBe('https://secure.perfgate.test/');
    expect(lhr.audits['first-contentful-paint'].numericValue).toBeGreaterThan(0);
  }, 180_000);
});
