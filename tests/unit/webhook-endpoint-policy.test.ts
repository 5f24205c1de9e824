import { describe, expect, it } from 'vitest';
import {
  endpointStatusLabel,
  endpointUrlProblem,
  eventPatternErrors,
  eventPatternLabel,
  isPrivateAddress,
  normalizePatterns,
  previousSecretExpiry,
  replayRangeErrors,
} from '@/lib/webhooks/policy';

// The rules of webhook endpoints (lib/webhooks/policy.ts), shared by the API and the console's form.
const production = { allowPrivate: false, production: true };
const development = { allowPrivate: false, production: false };
const onPremises = { allowPrivate: true, production: true };

describe('isPrivateAddress', () => {
  it.each([
    ['127.0.0.1', true],
    ['10.2.3.4', true],
    ['172.16.0.1', true],
    ['172.31.255.255', true],
    ['172.32.0.1', false],
    ['192.168.1.1', true],
    ['169.254.169.254', true],
    ['100.64.0.1', true],
    ['0.0.0.0', true],
    ['8.8.8.8', false],
    ['::1', true],
    ['[::1]', true],
    ['::', true],
    ['fd00::1', true],
    ['fe80::1', true],
    ['2001:db8::1', false],
    ['::ffff:127.0.0.1', true],
    ['::ffff:7f00:1', true],
    ['::ffff:808:808', false],
    ['hooks.example.com', false],
  ])('%s → %s', (address, expected) => expect(isPrivateAddress(address)).toBe(expected));
});

describe('endpointUrlProblem', () => {
  it('takes an https address on the internet', () => {
    expect(endpointUrlProblem('https://hooks.example.com/custos?x=1', production)).toBeNull();
  });

  it.each([
    ['hooks.example.com/custos', 'absolute URL'],
    ['ftp://hooks.example.com/', 'https://'],
    ['http://hooks.example.com/', 'https://'],
    ['https://user:pass@hooks.example.com/', 'user name or password'],
    ['https://hooks.example.com/#frag', 'fragment'],
    ['https://localhost/', 'reachable on the internet'],
    ['https://db.internal/', 'reachable on the internet'],
    ['https://10.0.0.5/', 'reachable on the internet'],
    ['https://0x7f.1/', 'reachable on the internet'], // the URL parser reads it as 127.0.0.1
    ['https://[::ffff:127.0.0.1]/', 'reachable on the internet'],
    [`https://hooks.example.com/${'x'.repeat(2000)}`, 'At most 2000'],
  ])('refuses %s in production', (url, words) => expect(endpointUrlProblem(url, production)).toContain(words));

  it('allows http://localhost outside production, private addresses and http with WEBHOOKS_ALLOW_PRIVATE=1', () => {
    expect(endpointUrlProblem('http://localhost:4000/hook', development)).toBeNull();
    expect(endpointUrlProblem('http://127.0.0.1:4000/hook', development)).toBeNull();
    expect(endpointUrlProblem('http://10.0.0.5/hook', development)).toContain('reachable');
    expect(endpointUrlProblem('http://10.0.0.5/hook', onPremises)).toBeNull();
    expect(endpointUrlProblem('https://user@10.0.0.5/hook', onPremises)).toContain('user name');
  });
});

describe('event patterns', () => {
  it('names each unknown pattern by its place, and wants at least one', () => {
    expect(eventPatternErrors(['member.removed', 'batch.*', '*'])).toEqual([]);
    expect(eventPatternErrors(['member.removed', 'member.exploded', 'ship.*']).map((e) => e.path)).toEqual(['events.1', 'events.2']);
    expect(eventPatternErrors([])).toEqual([{ path: 'events', message: 'Choose at least one event type.' }]);
  });

  it('keeps each pattern once, and * alone', () => {
    expect(normalizePatterns(['member.removed', 'member.removed', 'batch.*'])).toEqual(['member.removed', 'batch.*']);
    expect(normalizePatterns(['member.removed', '*'])).toEqual(['*']);
  });

  it('reads in words', () => {
    expect(eventPatternLabel('*')).toBe('Every event');
    expect(eventPatternLabel('batch.*')).toBe('All of batches');
    expect(eventPatternLabel('member.removed')).toBe('member.removed');
  });
});

describe('the rest', () => {
  it('a rotated secret signs for 24 more hours', () => {
    expect(previousSecretExpiry(new Date('2026-03-01T10:00:00Z')).toISOString()).toBe('2026-03-02T10:00:00.000Z');
  });

  it('an endpoint’s state in words', () => {
    expect(endpointStatusLabel({ enabled: true, disabledReason: null })).toBe('Enabled');
    expect(endpointStatusLabel({ enabled: false, disabledReason: 'manual' })).toBe('Off');
    expect(endpointStatusLabel({ enabled: false, disabledReason: 'failing' })).toBe('Off after failing for 5 days');
  });

  it('a replay range must end after it starts', () => {
    expect(replayRangeErrors(new Date('2026-01-01'), new Date('2026-01-02'))).toEqual([]);
    expect(replayRangeErrors(new Date('2026-01-02'), new Date('2026-01-02'))).toEqual([{ path: 'to', message: 'Must be after from.' }]);
  });
});
