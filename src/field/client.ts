import Bowser from 'bowser';
import { isbot } from 'isbot';
import type { DeviceClass } from './store.js';

/** What the collector keeps of a user agent: browser family and device class, and whether it is a bot or headless browser. */
export interface ClientInfo {
  bot: boolean;
  browser: string;
  device: DeviceClass;
}

const DEVICES: Record<string, DeviceClass> = { mobile: 'mobile', tablet: 'tablet', desktop: 'desktop' };

const cache = new Map<string, ClientInfo>();
const CACHE_SIZE = 2000;

/** Reduces a user agent to browser family and device class; bots and headless browsers are flagged (isbot). Cached: traffic repeats a few hundred user agents. */
export function describeClient(userAgent: string | null): ClientInfo {
  // Every browser sends a User-Agent; a request without one is a script, not a person.
  if (!userAgent) return { bot: true, browser: 'bot', device: 'unknown' };
  const known = cache.get(userAgent);
  if (known) return known;
  const info = parse(userAgent);
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  cache.set(userAgent, info);
  return info;
}

function parse(userAgent: string): ClientInfo {
  if (isbot(userAgent) || /headless/i.test(userAgent)) return { bot: true, browser: 'bot', device: 'unknown' };
  const parsed = Bowser.parse(userAgent);
  return { bot: false, browser: (parsed.browser.name ?? 'unknown').slice(0, 40), device: DEVICES[parsed.platform.type ?? ''] ?? 'unknown' };
}
