import { startRum } from './attribution.js';
import { optionsFromScript } from './script-options.js';

// <script async src="/perfgate-rum.attribution.js" data-endpoint="/rum" data-target-attribute="data-perf"></script>
const script = document.currentScript as HTMLScriptElement | null;
const options = optionsFromScript(script);
if (options) startRum({ ...options, targetAttribute: script?.dataset.targetAttribute });
