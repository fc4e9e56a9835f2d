// Lighthouse CI config generated from pages.json and budgets.json, so that `lhci autorun` and
// `perfgate run` enforce the same budgets on the same pages. Nothing is repeated here.
// In your own project (CommonJS): module.exports = require('perfgate/lhci').lhciConfig();
import { lhciConfig } from 'perfgate/lhci';

export const { ci } = lhciConfig();
