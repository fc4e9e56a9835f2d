import { startRum } from './index.js';
import { optionsFromScript } from './script-options.js';

// <script async src="/perfgate-rum.js" data-endpoint="/rum" data-sample-rate="0.5"></script>
const options = optionsFromScript(document.currentScript);
if (options) startRum(options);
