import { describe, expect, it } from 'vitest';
import {
  chooseClientAddress,
  normalizeAddress,
  parseTrustedProxies,
  peerAddressHeader,
  type TrustedProxies,
} from '@/lib/http/client-address';
import { clientIp } from '@/lib/http/request-meta';

const trusted = (value: string): TrustedProxies => {
  const parsed = parseTrustedProxies(value);
  if (!parsed.ok) throw new Error(parsed.problem);
  return parsed.proxies;
};
const NONE = trusted('');

describe('the client address', () => {
  it('without TRUSTED_PROXIES is the TCP peer, whatever X-Forwarded-For and X-Real-IP say', () => {
    expect(chooseClientAddress({ peer: '203.0.113.5', forwardedFor: '1.2.3.4', realIp: '5.6.7.8' }, NONE)).toBe('203.0.113.5');
    expect(chooseClientAddress({ peer: '::ffff:127.0.0.1', forwardedFor: '9.9.9.9, 8.8.8.8', realIp: null }, NONE)).toBe('127.0.0.1');
    // No peer (no capture): nothing to believe.
    expect(chooseClientAddress({ peer: null, forwardedFor: '1.2.3.4', realIp: '1.2.3.4' }, NONE)).toBeNull();
  });

  it('from a trusted proxy is the rightmost address of X-Forwarded-For that is not a trusted hop', () => {
    const proxies = trusted('10.0.0.0/8, 192.168.1.1');
    // The client prepended a lie; nginx (10.0.0.2) appended the real client; an inner hop (192.168.1.1) its own.
    const forwardedFor = '6.6.6.6, 198.51.100.23, 192.168.1.1';
    expect(chooseClientAddress({ peer: '10.0.0.2', forwardedFor, realIp: '7.7.7.7' }, proxies)).toBe('198.51.100.23');
    // A peer outside the list is the client, and its X-Forwarded-For is ignored.
    expect(chooseClientAddress({ peer: '198.51.100.99', forwardedFor, realIp: null }, proxies)).toBe('198.51.100.99');
    // Every hop trusted: the farthest one.
    expect(chooseClientAddress({ peer: '10.0.0.2', forwardedFor: '10.1.1.1, 10.2.2.2', realIp: null }, proxies)).toBe('10.1.1.1');
    // A trusted proxy that forwarded nothing: the proxy itself.
    expect(chooseClientAddress({ peer: '10.0.0.2', forwardedFor: null, realIp: null }, proxies)).toBe('10.0.0.2');
  });

  it('handles IPv6 peers, hops and ranges', () => {
    const proxies = trusted('fd00::/8,::1');
    expect(chooseClientAddress({ peer: '::1', forwardedFor: '2001:DB8::7, fd12::3', realIp: null }, proxies)).toBe('2001:db8::7');
    expect(chooseClientAddress({ peer: 'fd00::1', forwardedFor: '[2001:db8::9]:4711', realIp: null }, proxies)).toBe('2001:db8::9');
    expect(chooseClientAddress({ peer: '2001:db8::1', forwardedFor: '203.0.113.1', realIp: null }, proxies)).toBe('2001:db8::1');
  });

  it('stops at garbage in X-Forwarded-For and never returns it', () => {
    const proxies = trusted('10.0.0.0/8');
    for (const forwardedFor of ['<script>', 'unknown', '1.2.3.4.5', '', ' , ', 'x'.repeat(500), "'; drop table users; --"]) {
      expect(chooseClientAddress({ peer: '10.0.0.2', forwardedFor, realIp: null }, proxies)).toBe('10.0.0.2');
    }
    expect(chooseClientAddress({ peer: '10.0.0.2', forwardedFor: '198.51.100.1, garbage, 10.0.0.3', realIp: null }, proxies)).toBe(
      '10.0.0.3',
    );
    expect(chooseClientAddress({ peer: 'not-an-address', forwardedFor: null, realIp: null }, NONE)).toBeNull();
    expect(normalizeAddress('198.51.100.4:8080')).toBe('198.51.100.4');
  });

  it('on Vercel is what Vercel put in X-Real-IP (or X-Forwarded-For)', () => {
    const proxies = trusted('vercel');
    expect(chooseClientAddress({ peer: '10.1.2.3', forwardedFor: '198.51.100.8', realIp: '198.51.100.8' }, proxies)).toBe('198.51.100.8');
    expect(chooseClientAddress({ peer: null, forwardedFor: '198.51.100.9', realIp: null }, proxies)).toBe('198.51.100.9');
    expect(chooseClientAddress({ peer: null, forwardedFor: 'garbage', realIp: 'garbage' }, proxies)).toBeNull();
  });

  it('reads the peer from the per-process header, never from a header a client can name', () => {
    const spoofed = new Headers({ 'x-custos-peer-address': '6.6.6.6', 'x-forwarded-for': '6.6.6.6', 'x-real-ip': '6.6.6.6' });
    expect(clientIp(spoofed, NONE)).toBeNull();
    const captured = new Headers({ [peerAddressHeader()]: '127.0.0.1', 'x-forwarded-for': '6.6.6.6' });
    expect(clientIp(captured, NONE)).toBe('127.0.0.1');
    expect(peerAddressHeader()).toMatch(/^x-custos-peer-[0-9a-f]{24}$/);
  });

  it('parses TRUSTED_PROXIES strictly', () => {
    for (const good of ['10.0.0.0/8', '10.0.0.1', '172.16.0.0/12, fd00::/8', 'vercel', 'VERCEL', '::/0']) {
      expect(parseTrustedProxies(good).ok, good).toBe(true);
    }
    for (const bad of ['10.0.0.0/33', '10.0.0/8', 'nginx', 'fd00::/129', '10.0.0.0/8/1', 'vercel,10.0.0.0/8', '10.0.0.0/-1', '10.0.0.0/']) {
      expect(parseTrustedProxies(bad), bad).toMatchObject({ ok: false, problem: expect.stringContaining('is not a CIDR') });
    }
  });
});
