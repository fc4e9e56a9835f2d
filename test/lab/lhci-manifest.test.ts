import { describe, expect, it } from 'vitest';
import { lhciManifestEntry } from '../../src/lab/lhci-manifest.js';

describe("lhciManifestEntry (an entry of Lighthouse CI's manifest.json)", () => {
  it("takes the requested URL and every category's score, null where Lighthouse could not score it", () => {
    const entry = lhciManifestEntry(
      {
        requestedUrl: 'http://127.0.0.1:8080/',
        finalDisplayedUrl: 'http://127.0.0.1:8080/home/',
        categories: { performance: { score: 0.93 }, accessibility: { score: null } },
      },
      '/work/out/runs/home-2.json',
    );
    expect(entry).toEqual({
      url: 'http://127.0.0.1:8080/',
      isRepresentativeRun: false,
      jsonPath: '/work/out/runs/home-2.json',
      summary: { performance: 0.93, accessibility: null },
    });
  });
});
