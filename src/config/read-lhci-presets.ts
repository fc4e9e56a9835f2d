import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * The assertions of Lighthouse CI's presets, as the installed Lighthouse CI has them
 * (`@lhci/utils/src/presets/<name>.js`, beside the project's `@lhci/cli` or perfgate's own): by
 * preset name, those that could be loaded. A preset that cannot be found is left out; the caller
 * says so.
 */
export function readLhciPresets(names: readonly string[], cwd: string): Record<string, Record<string, unknown>> {
  const requires = [createRequire(path.join(cwd, 'package.json')), createRequire(import.meta.url)];
  // @lhci/utils is @lhci/cli's dependency: hoisted beside it, or in its own node_modules.
  for (const from of [...requires]) {
    try {
      requires.push(createRequire(from.resolve('@lhci/cli/package.json')));
    } catch {
      // No @lhci/cli from here.
    }
  }
  const out: Record<string, Record<string, unknown>> = {};
  for (const name of names) {
    const file = /^lighthouse:([a-z-]+)$/.exec(name)?.[1];
    if (!file) continue;
    for (const require of requires) {
      try {
        const preset = require(`@lhci/utils/src/presets/${file}.js`) as { assertions?: unknown };
        if (typeof preset.assertions === 'object' && preset.assertions !== null) {
          out[name] = preset.assertions as Record<string, unknown>;
          break;
        }
      } catch {
        // Not installed where this one looks.
      }
    }
  }
  return out;
}
