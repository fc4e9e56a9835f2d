/**
 * Whether a rejection is a protocol call into a page or a Chrome that is gone ("Target closed",
 * "Session closed", "Connection closed"), as Lighthouse or puppeteer reports it. Lighthouse leaves
 * some of these calls unawaited (its quiet-window checks, for one), so when a page crashes, Chrome
 * dies or Ctrl-C stops it mid-run they reject with nobody listening; the run itself fails through
 * its own promise and is reported.
 */
export function isClosedTargetError(reason: unknown): boolean {
  if (typeof reason !== 'object' || reason === null) return false;
  // Puppeteer's own, for calls Lighthouse makes on its sessions without awaiting them (its target
  // manager's, on a frame navigation): checked by name, so that commands that never start Chrome do
  // not load puppeteer.
  const { name } = reason as { name?: unknown };
  if (reason instanceof Error && (name === 'TargetCloseError' || name === 'ConnectionClosedError')) return true;
  const { protocolMethod, protocolError } = reason as { protocolMethod?: unknown; protocolError?: unknown };
  return typeof protocolMethod === 'string' && typeof protocolError === 'string' && /\b(?:target|session) closed\b/i.test(protocolError);
}
