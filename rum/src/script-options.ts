import type { RumOptions } from './start.js';

/** Options from the script tag's data attributes: data-endpoint, data-sample-rate, data-release, data-routes (JSON), data-soft-navs. */
export function optionsFromScript(script: HTMLOrSVGScriptElement | null): RumOptions | null {
  try {
    const data = (script as HTMLScriptElement | null)?.dataset;
    if (!data?.endpoint) return null;
    return {
      endpoint: data.endpoint,
      sampleRate: Number(data.sampleRate ?? 1),
      release: data.release,
      routes: JSON.parse(data.routes || '[]'),
      softNavs: 'softNavs' in data,
    };
  } catch {
    return null;
  }
}
