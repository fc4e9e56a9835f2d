import type { Interaction, InteractionPhases, LcpElement, RunClues } from './types.js';

/** The key of the page's own document among a run's scripts: the time of its inline scripts. */
export const PAGE_DOCUMENT = '(page)';

/**
 * Where Lighthouse names the LCP element, in the order looked: Lighthouse 8-12's audit, then the
 * insight that replaced it in Lighthouse 13 (`lcp-phases-insight` in 12.x).
 */
const LCP_ELEMENT_AUDITS = ['largest-contentful-paint-element', 'lcp-breakdown-insight', 'lcp-phases-insight'] as const;

/** Where Lighthouse gives the phases of a flow step's INP interaction, in the order looked: Lighthouse 13's INP insight, then 12.6's. */
const INP_INSIGHTS = ['inp-breakdown-insight', 'interaction-to-next-paint-insight'] as const;

/**
 * Where Lighthouse names the interaction's element, in the order looked: the insights, then the
 * audit they replace. That audit's own phases are not taken: they are those of the interaction's
 * longest event (often its pointerup, not the click whose handler did the work).
 */
const INP_ELEMENT_AUDITS = [...INP_INSIGHTS, 'work-during-interaction'] as const;
const PHASES = ['inputDelay', 'processingDuration', 'presentationDelay'] as const;

type Audits = Record<string, { details?: unknown } | undefined>;

/** An interaction's phases in an INP insight's details: its table of phases (`phase` in 12.6, `subpart` in 13, and `duration` in ms). */
function phasesIn(details: unknown): InteractionPhases | null {
  const found: Partial<InteractionPhases> = {};
  const items = (details as { items?: unknown } | undefined)?.items;
  for (const part of Array.isArray(items) ? items : []) {
    const { type, items: rows } = (part ?? {}) as { type?: unknown; items?: unknown };
    if (type !== 'table' || !Array.isArray(rows)) continue;
    for (const row of rows) {
      const { phase, subpart, duration } = (row ?? {}) as { phase?: unknown; subpart?: unknown; duration?: unknown };
      const key = PHASES.find((p) => p === phase || p === subpart);
      if (key && typeof duration === 'number' && Number.isFinite(duration)) found[key] = duration;
    }
  }
  return PHASES.every((key) => found[key] !== undefined) ? (found as InteractionPhases) : null;
}

/** A node item's element as results.json keeps it: selector, label and Lighthouse's snippet. */
const elementOf = (node: { selector?: unknown; nodeLabel?: unknown; snippet?: unknown }): LcpElement => ({
  selector: node.selector as string,
  label: labelOf(node),
  ...(typeof node.snippet === 'string' ? { snippet: node.snippet } : {}),
});

/** An element's label: its text, else its HTML snippet. */
const labelOf = (node: { nodeLabel?: unknown; snippet?: unknown }) =>
  typeof node.nodeLabel === 'string' && node.nodeLabel ? node.nodeLabel : typeof node.snippet === 'string' ? node.snippet : '';

/** The first node item anywhere in an audit's details (a list of tables, a table of nodes, a list holding a node). */
function firstNode(details: unknown, depth = 0): { selector?: unknown; nodeLabel?: unknown; snippet?: unknown } | null {
  if (typeof details !== 'object' || details === null || depth > 4) return null;
  const item = details as { type?: unknown; selector?: unknown; items?: unknown; node?: unknown };
  if (item.type === 'node' && typeof item.selector === 'string') return item;
  for (const child of [item.node, ...(Array.isArray(item.items) ? item.items : [])]) {
    const found = firstNode(child, depth + 1);
    if (found) return found;
  }
  return null;
}

/** A script's key: see `RunClues.scripts`; null for what is not a URL (Lighthouse's "Unattributable"). */
function scriptKey(url: string, page: URL | null): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (page && parsed.origin === page.origin && parsed.pathname === page.pathname) return PAGE_DOCUMENT;
  return page && parsed.origin === page.origin ? parsed.pathname : `${parsed.origin}${parsed.pathname}`;
}

const urlOrNull = (value: unknown) => {
  try {
    return typeof value === 'string' ? new URL(value) : null;
  } catch {
    return null;
  }
};

/** The clues of one Lighthouse report (a page's run, or a user flow's navigation step). */
export function runClues(report: unknown): RunClues {
  const lhr = (report ?? {}) as { audits?: Audits; finalDisplayedUrl?: unknown; finalUrl?: unknown };
  const audits: Audits = lhr.audits ?? {};
  let lcpElement: LcpElement | null = null;
  for (const id of LCP_ELEMENT_AUDITS) {
    const node = firstNode(audits[id]?.details);
    if (!node) continue;
    lcpElement = elementOf(node);
    break;
  }
  // The first audit that names the element, and the first insight that gives the phases.
  const inpNode = INP_ELEMENT_AUDITS.map((id) => firstNode(audits[id]?.details)).find((node) => node !== null);
  const phases = INP_INSIGHTS.map((id) => phasesIn(audits[id]?.details)).find((found) => found !== null) ?? null;
  const interaction: Interaction | null = inpNode || phases ? { element: inpNode ? elementOf(inpNode) : null, phases } : null;
  const mainThread: Record<string, number> = {};
  const rows = (audits['mainthread-work-breakdown']?.details as { items?: unknown } | undefined)?.items;
  for (const row of Array.isArray(rows) ? rows : []) {
    const { group, duration } = (row ?? {}) as { group?: unknown; duration?: unknown };
    if (typeof group === 'string' && typeof duration === 'number' && Number.isFinite(duration)) mainThread[group] = (mainThread[group] ?? 0) + duration;
  }
  const shifted = new Map<string, LcpElement & { score: number }>();
  const shifts = (audits['layout-shifts']?.details as { items?: unknown } | undefined)?.items;
  for (const item of Array.isArray(shifts) ? shifts : []) {
    const { node, score } = (item ?? {}) as { node?: { type?: unknown; selector?: unknown; nodeLabel?: unknown; snippet?: unknown }; score?: unknown };
    if (node?.type !== 'node' || typeof node.selector !== 'string' || typeof score !== 'number' || !Number.isFinite(score)) continue;
    const seen = shifted.get(node.selector);
    if (seen) seen.score += score;
    else shifted.set(node.selector, { selector: node.selector, label: labelOf(node), score });
  }
  const page = urlOrNull(lhr.finalDisplayedUrl) ?? urlOrNull(lhr.finalUrl);
  const scripts: Record<string, number> = {};
  const items = (audits['bootup-time']?.details as { items?: unknown } | undefined)?.items;
  for (const item of Array.isArray(items) ? items : []) {
    const { url, total } = (item ?? {}) as { url?: unknown; total?: unknown };
    const key = typeof url === 'string' ? scriptKey(url, page) : null;
    if (key !== null && typeof total === 'number' && Number.isFinite(total)) scripts[key] = (scripts[key] ?? 0) + total;
  }
  return { lcpElement, mainThread, shifts: [...shifted.values()].sort((a, b) => b.score - a.score), scripts, ...(interaction ? { interaction } : {}) };
}
