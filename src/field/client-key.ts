import { isIP } from 'node:net';

/**
 * The key a client is rate-limited under: its IPv4 address, or the /64 prefix of its IPv6 address
 * (one subscriber's network; a client can rotate addresses inside it for free). IPv4-mapped IPv6
 * addresses count as IPv4. Null when the text is not an IP address.
 */
export function clientKey(address: string | undefined | null): string | null {
  if (!address) return null;
  let text = address.trim();
  if (text.startsWith('[') && text.includes(']')) text = text.slice(1, text.indexOf(']'));
  const zone = text.indexOf('%');
  if (zone >= 0) text = text.slice(0, zone);
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(text);
  if (mapped) text = mapped[1] as string;
  const kind = isIP(text);
  if (kind === 4) return text;
  if (kind !== 6) return null;
  return `${expandIpv6(text).slice(0, 4).join(':')}::/64`;
}

/** The eight hextets of an IPv6 address, as lower-case numbers in hex. */
function expandIpv6(address: string): string[] {
  let text = address.toLowerCase();
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const left = head ? head.split(':') : [];
  const right = tail !== undefined && tail !== '' ? tail.split(':') : [];
  const fill = tail === undefined ? [] : new Array<string>(8 - left.length - right.length).fill('0');
  return [...left, ...fill, ...right].map((h) => Number.parseInt(h, 16).toString(16));
}

/**
 * The client's address as seen through `trustedHops` reverse proxies of your own: each appends the
 * address it received the request from to X-Forwarded-For, so the client is the entry that many
 * places from the right of [X-Forwarded-For..., socket address]. Entries further left were written
 * by the client itself and are never used. Without trusted hops the socket address is the client.
 */
export function forwardedClient(socketAddress: string | undefined, forwardedFor: string | null, trustedHops: number): string | undefined {
  if (trustedHops <= 0) return socketAddress;
  const chain = [
    ...(forwardedFor ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    ...(socketAddress ? [socketAddress] : []),
  ];
  return chain[chain.length - 1 - trustedHops] ?? chain[0];
}
