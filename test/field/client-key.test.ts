import { describe, expect, it } from 'vitest';
import { clientKey, forwardedClient } from '../../src/field/client-key.js';

describe('clientKey: the rate-limit key of an address', () => {
  it.each([
    ['203.0.113.9', '203.0.113.9'],
    ['::ffff:203.0.113.9', '203.0.113.9'],
    ['2001:db8:1:2:aaaa:bbbb:cccc:dddd', '2001:db8:1:2::/64'],
    ['2001:db8:1:2::1', '2001:db8:1:2::/64'],
    ['2001:0db8:0001:0002:0:0:0:ffff', '2001:db8:1:2::/64'],
    ['[2001:db8:1:2::7]', '2001:db8:1:2::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
    ['unknown', null],
    ['', null],
    [undefined, null],
  ])('%s → %s', (address, key) => {
    expect(clientKey(address)).toBe(key);
  });

  it('puts every address of one IPv6 /64 in one bucket, and the next /64 in another', () => {
    expect(clientKey('2001:db8:1:2::1')).toBe(clientKey('2001:db8:1:2:ffff:ffff:ffff:ffff'));
    expect(clientKey('2001:db8:1:3::1')).not.toBe(clientKey('2001:db8:1:2::1'));
  });
});

describe('forwardedClient: the client seen through trusted proxies', () => {
  it.each([
    ['no proxy trusted: the socket, whatever the header says', '10.0.0.9', '192.0.2.1', 0, '10.0.0.9'],
    ['one proxy: the entry it appended (the rightmost)', '10.0.0.9', '192.0.2.66, 198.51.100.7', 1, '198.51.100.7'],
    ['one proxy, a spoofed entry on the left is ignored', '10.0.0.9', '1.2.3.4, 5.6.7.8, 198.51.100.7', 1, '198.51.100.7'],
    ['two proxies', '10.0.0.9', '1.2.3.4, 198.51.100.7, 10.0.0.8', 2, '198.51.100.7'],
    ['one proxy and no header: the socket', '10.0.0.9', null, 1, '10.0.0.9'],
  ] as const)('%s', (_, socket, header, hops, client) => {
    expect(forwardedClient(socket, header, hops)).toBe(client);
  });
});
