import { describe, expect, it } from 'vitest';
import { measuredWith } from '../../src/compare/measured-with.js';

describe('measuredWith', () => {
  it("names the form factor and the values the throttling method reads; devtools' zeros are an unthrottled network", () => {
    const devtools = (requestLatencyMs: number, down: number, up: number) => ({
      throttlingMethod: 'devtools',
      throttling: { cpuSlowdownMultiplier: 2, requestLatencyMs, downloadThroughputKbps: down, uploadThroughputKbps: up, rttMs: 40 },
    });
    expect(measuredWith('desktop', devtools(0, 0, 0))).toBe('desktop, devtools throttling (CPU 2x, network not throttled)');
    expect(measuredWith('mobile', devtools(562.5, 1474.5600000000002, 675))).toBe(
      'mobile, devtools throttling (CPU 2x, latency 562.5 ms, 1474.56/675 Kbit/s down/up)',
    );
    // Only a latency: the network is throttled.
    expect(measuredWith('desktop', devtools(100, 0, 0))).toBe('desktop, devtools throttling (CPU 2x, latency 100 ms, 0/0 Kbit/s down/up)');
    expect(measuredWith('mobile', { throttlingMethod: 'provided', throttling: {} })).toBe('mobile, no throttling');
    // Results that do not say.
    expect(measuredWith(null, devtools(0, 0, 0))).toBeNull();
    expect(measuredWith('mobile', undefined)).toBeNull();
  });
});
