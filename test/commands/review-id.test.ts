import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { reviewId } from '../../src/commands/review-id.js';
import { UserError } from '../../src/errors.js';
import { reviewIdProblem, reviewMarker } from '../../src/report/review-marker.js';
import { tempDir } from '../helpers.js';

describe('which package a review is of', () => {
  it('is the config folder below the repository root (the CI checkout, else the folder holding .git), none at the root', () => {
    const repo = tempDir();
    mkdirSync(path.join(repo, '.git'));
    mkdirSync(path.join(repo, 'packages', 'web app'), { recursive: true });
    const web = path.join(repo, 'packages', 'web app');
    expect(reviewId(undefined, 'budgets.json', web, {})).toBe('packages/web_app');
    expect(reviewId(undefined, 'packages/web app/pages.json', repo, {})).toBe('packages/web_app');
    expect(reviewId(undefined, 'budgets.json', repo, {})).toBeUndefined();
    expect(reviewId(undefined, 'budgets.json', web, { GITHUB_WORKSPACE: web })).toBeUndefined();
    expect(reviewId(undefined, 'budgets.json', web, { CI_PROJECT_DIR: path.join(repo, 'packages') })).toBe('web_app');
    // Outside any repository, or a config outside the checkout: no id.
    expect(reviewId(undefined, 'budgets.json', tempDir(), {})).toBeUndefined();
    expect(reviewId(undefined, '/elsewhere/budgets.json', web, { GITHUB_WORKSPACE: repo })).toBeUndefined();
  });

  it('takes --id as given when it cannot break the marker, and refuses it with exit 2 otherwise', () => {
    expect(reviewId('@acme/ui', 'budgets.json', tempDir(), {})).toBe('@acme/ui');
    for (const bad of ['', 'a-->b', 'a--b', 'web-', '-web', 'a b', 'a>b', 'x'.repeat(101)]) {
      expect(reviewIdProblem(bad), bad).not.toBeNull();
      let error: unknown;
      try {
        reviewId(bad, 'budgets.json', tempDir(), {});
      } catch (thrown) {
        error = thrown;
      }
      expect(error).toBeInstanceOf(UserError);
      expect((error as UserError).exitCode).toBe(2);
    }
    for (const good of ['web', 'packages/web', 'web-app', 'v1.2_x', '@acme/ui']) expect(reviewIdProblem(good), good).toBeNull();
  });

  it('gives every package a marker no other package’s contains', () => {
    const markers = [undefined, 'web', 'web/x', 'we', 'packages/web'].map(reviewMarker);
    for (const a of markers) for (const b of markers) if (a !== b) expect(b.includes(a), `${a} in ${b}`).toBe(false);
  });
});
