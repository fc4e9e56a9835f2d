import { startRum } from './attribution.js';
import { optionsFromScript } from './script-options.js';

// <script async src="/perfgate-rum.attribution.js" data-endpoint="/rum"></script>
const options = optionsFromScript(document.currentScript);
if (options) startRum(options);
