import { CLSThresholds, FCPThresholds, INPThresholds, LCPThresholds, TTFBThresholds } from 'web-vitals';
import type { FieldMetricName } from './field/wire.js';
import type { MetricId } from './types.js';

/** What perfgate knows about one field metric (web-vitals' name). */
export interface FieldMetricSpec {
  unit: 'ms' | 'unitless';
  /** Core Web Vitals thresholds of the p75, from web-vitals: good up to `good`, poor above `poor`. */
  good: number;
  poor: number;
  /** The lab metric shown beside it, or null (TTFB: no lab twin in perfgate's Lighthouse runs). */
  labTwin: MetricId | null;
  /**
   * The twin measures something else and only hints at the field value (TBT for INP): shown for
   * orientation, never divided into the field value or held to the field metric's budget.
   */
  twinIsProxy: boolean;
  /** Drawn on the dashboard: distribution and daily p75. */
  charted: boolean;
  /** Values below this are one bucket of the field histograms (field/histogram.ts): 1 ms, or 0.0001 of CLS. */
  bucketUnit: number;
}

const [lcpGood, lcpPoor] = LCPThresholds;
const [inpGood, inpPoor] = INPThresholds;
const [clsGood, clsPoor] = CLSThresholds;
const [fcpGood, fcpPoor] = FCPThresholds;
const [ttfbGood, ttfbPoor] = TTFBThresholds;

/** The field metrics, in the order every table shows them; every list of field metrics derives from this one. */
export const FIELD_METRICS: Readonly<Record<FieldMetricName, FieldMetricSpec>> = {
  LCP: { unit: 'ms', good: lcpGood!, poor: lcpPoor!, labTwin: 'largest-contentful-paint', twinIsProxy: false, charted: true, bucketUnit: 1 },
  INP: { unit: 'ms', good: inpGood!, poor: inpPoor!, labTwin: 'total-blocking-time', twinIsProxy: true, charted: true, bucketUnit: 1 },
  CLS: { unit: 'unitless', good: clsGood!, poor: clsPoor!, labTwin: 'cumulative-layout-shift', twinIsProxy: false, charted: true, bucketUnit: 0.0001 },
  FCP: { unit: 'ms', good: fcpGood!, poor: fcpPoor!, labTwin: 'first-contentful-paint', twinIsProxy: false, charted: false, bucketUnit: 1 },
  TTFB: { unit: 'ms', good: ttfbGood!, poor: ttfbPoor!, labTwin: null, twinIsProxy: false, charted: false, bucketUnit: 1 },
};

/** Every field metric, in table order. */
export const FIELD_METRIC_NAMES = Object.keys(FIELD_METRICS) as FieldMetricName[];

/** The metrics the dashboard charts. */
export const CHARTED_METRICS = FIELD_METRIC_NAMES.filter((name) => FIELD_METRICS[name].charted);

/** The lab twin that can be compared with the field value: null when there is none or it is only a proxy. */
export const comparableTwin = (name: FieldMetricName): MetricId | null => (FIELD_METRICS[name].twinIsProxy ? null : FIELD_METRICS[name].labTwin);
