/**
 * Whether a rejection is one of Lighthouse's own protocol calls into a page or a Chrome that is gone
 * ("Target closed", "Session closed"). Lighthouse leaves some of these calls unawaited (its
 * quiet-window checks, for one), so when a page crashes, Chrome dies or Ctrl-C stops it mid-run they
 * reject with nobody listening; the run itself fails through its own promise and is reported.
 */
export function isClosedTargetError(reason: unknown): boolean {
  if (typeof reason !== 'object' || reason === null) return false;
  const { protocolMethod, protocolError } = reason as { protocolMethod?: unknown; protocolError?: unknown };
  return typeof protocolMethod === 'string' && typeof protocolError === 'string' && /\b(?:target|session) closed\b/i.test(protocolError);
}
