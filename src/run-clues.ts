/**
 * What one run says about *why* its metrics are what they are, for a reviewer whose metric moved:
 * the element Chrome took for the largest contentful paint, and the main thread's time per kind
 * of work. Both are observed (not simulated) and read alike from Lighthouse 8 through 13.
 */
export interface RunClues {
  /** The LCP element, or null when Lighthouse named none. */
  lcpElement: LcpElement | null;
  /** Main-thread time per kind of work (Lighthouse's `mainthread-work-breakdown` groups), in ms as its report shows them. */
  mainThread: Record<string, number>;
}

export interface LcpElement {
  /** Lighthouse's CSS selector of the element. */
  selector: string;
  /** Its text, or its alt text or tag when it has none (Lighthouse's `nodeLabel`). */
  label: string;
}

/**
 * Where Lighthouse names the LCP element, in the order looked: Lighthouse 8-12's audit, then the
 * insight that replaced it in Lighthouse 13 (`lcp-phases-insight` in 12.x).
 */
const LCP_ELEMENT_AUDITS = ['largest-contentful-paint-element', 'lcp-breakdown-insight', 'lcp-phases-insight'] as const;

type Audits = Record<string, { details?: unknown } | undefined>;

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

/** The clues of one Lighthouse report (a page's run, or a user flow's navigation step). */
export function runClues(report: unknown): RunClues {
  const audits: Audits = (report as { audits?: Audits } | null)?.audits ?? {};
  let lcpElement: LcpElement | null = null;
  for (const id of LCP_ELEMENT_AUDITS) {
    const node = firstNode(audits[id]?.details);
    if (!node) continue;
    const label = typeof node.nodeLabel === 'string' && node.nodeLabel ? node.nodeLabel : typeof node.snippet === 'string' ? node.snippet : '';
    lcpElement = { selector: node.selector as string, label };
    break;
  }
  const mainThread: Record<string, number> = {};
  const rows = (audits['mainthread-work-breakdown']?.details as { items?: unknown } | undefined)?.items;
  for (const row of Array.isArray(rows) ? rows : []) {
    const { group, duration } = (row ?? {}) as { group?: unknown; duration?: unknown };
    if (typeof group === 'string' && typeof duration === 'number' && Number.isFinite(duration)) mainThread[group] = (mainThread[group] ?? 0) + duration;
  }
  return { lcpElement, mainThread };
}
