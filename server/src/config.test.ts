import { describe, expect, it } from 'vitest';
import { loadConfig, trustedProxies } from './config.ts';

describe('CHAIRSIDE_TRUST_PROXY', () => {
  it('is off unless set: no forwarded address or protocol is believed', () => {
    expect(trustedProxies(undefined)).toEqual([]);
    expect(trustedProxies(' , ')).toEqual([]);
    expect(loadConfig({}).trustProxy).toEqual([]);
  });

  it('takes addresses, CIDR ranges and the named ranges, comma-separated', () => {
    expect(trustedProxies(' 10.0.0.5, 10.1.0.0/16 ,loopback,fd00::1')).toEqual(['10.0.0.5', '10.1.0.0/16', 'loopback', 'fd00::1']);
  });

  it.each(['proxy.local', '10.0.0.300', '10.0.0.0/33', 'true', '*'])('refuses %s at start, naming the variable', (entry) => {
    expect(() => loadConfig({ CHAIRSIDE_TRUST_PROXY: `127.0.0.1,${entry}` })).toThrow(
      `CHAIRSIDE_TRUST_PROXY: "${entry}" is not an IP address, a CIDR range or loopback/linklocal/uniquelocal`,
    );
  });
});
