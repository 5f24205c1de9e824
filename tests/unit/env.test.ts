import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadEnv } from '@/lib/platform/env';

const tmp = () => mkdtempSync(path.join(tmpdir(), 'custos-env-'));
const SECRET = 'x'.repeat(40);

describe('environment validation', () => {
  it('accepts an empty development environment and generates a kept AUTH_SECRET', () => {
    const dir = tmp();
    const first = loadEnv({ NODE_ENV: 'development' }, { dataDir: dir });
    expect(first.ok).toBe(true);
    if (!first.ok) return;
    expect(first.env.AUTH_SECRET_SOURCE).toBe('generated');
    expect(first.env.AUTH_SECRET.length).toBeGreaterThanOrEqual(32);
    expect(first.env.APP_URL).toBe('http://localhost:3000');
    expect(readFileSync(path.join(dir, 'auth-secret'), 'utf8').trim()).toBe(first.env.AUTH_SECRET);
    const second = loadEnv({ NODE_ENV: 'development' }, { dataDir: dir });
    expect(second.ok && second.env.AUTH_SECRET).toBe(first.env.AUTH_SECRET);
  });

  it('requires AUTH_SECRET in production and never generates one there', () => {
    const dir = tmp();
    const result = loadEnv({ NODE_ENV: 'production' }, { dataDir: dir });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual([expect.stringMatching(/^AUTH_SECRET: required in production/)]);
    expect(existsSync(path.join(dir, 'auth-secret'))).toBe(false);
    expect(loadEnv({ NODE_ENV: 'production', AUTH_SECRET: SECRET }).ok).toBe(true);
  });

  it('reports every problem, one line each, naming the variable', () => {
    const result = loadEnv({
      NODE_ENV: 'production',
      DATABASE_URL: 'mysql://nope',
      AUTH_SECRET: 'short',
      APP_URL: 'not a url',
      RESEND_API_KEY: 're_123',
      UPSTASH_REDIS_REST_TOKEN: 'token-only',
      DEV_MAILBOX: 'yes',
      CRON_SECRET: 'tiny',
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const names = result.problems.map((p) => p.split(':')[0]);
    expect(names).toEqual(
      expect.arrayContaining([
        'DATABASE_URL',
        'AUTH_SECRET',
        'APP_URL',
        'DEV_MAILBOX',
        'CRON_SECRET',
        'RESEND_API_KEY and EMAIL_FROM',
        'UPSTASH_REDIS_REST_URL and UPSTASH_REDIS_REST_TOKEN',
      ]),
    );
    for (const line of result.problems) expect(line).not.toContain('\n');
  });

  it('treats empty values as unset', () => {
    const result = loadEnv({ NODE_ENV: 'development', DATABASE_URL: '', RESEND_API_KEY: '', EMAIL_FROM: '' }, { dataDir: tmp() });
    expect(result.ok).toBe(true);
  });

  it('accepts a full production configuration', () => {
    const result = loadEnv({
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://custos:pw@db:5432/custos',
      AUTH_SECRET: SECRET,
      APP_URL: 'https://custos.example.com',
      RESEND_API_KEY: 're_123',
      EMAIL_FROM: 'Custos <no-reply@example.com>',
      UPSTASH_REDIS_REST_URL: 'https://eu1.upstash.io',
      UPSTASH_REDIS_REST_TOKEN: 'abc',
      CRON_SECRET: 'c'.repeat(20),
    });
    expect(result).toMatchObject({ ok: true, env: { AUTH_SECRET_SOURCE: 'env', APP_URL: 'https://custos.example.com' } });
  });

  it('validates TRUSTED_PROXIES: CIDRs or vercel, a bad entry is one clear line', () => {
    const dir = tmp();
    const good = loadEnv({ TRUSTED_PROXIES: '10.0.0.0/8, fd00::/8' }, { dataDir: dir });
    expect(good.ok && good.env.TRUSTED_PROXIES.kind).toBe('cidrs');
    const vercel = loadEnv({ TRUSTED_PROXIES: 'vercel' }, { dataDir: dir });
    expect(vercel.ok && vercel.env.TRUSTED_PROXIES.kind).toBe('vercel');
    const unset = loadEnv({}, { dataDir: dir });
    expect(unset.ok && unset.env.TRUSTED_PROXIES.kind).toBe('none');
    // On Vercel (VERCEL=1) the default believes Vercel's forwarded address; an explicit setting still wins.
    const onVercel = loadEnv({ VERCEL: '1' }, { dataDir: dir });
    expect(onVercel.ok && onVercel.env.TRUSTED_PROXIES.kind).toBe('vercel');
    const onVercelBehindMore = loadEnv({ VERCEL: '1', TRUSTED_PROXIES: '10.0.0.0/8' }, { dataDir: dir });
    expect(onVercelBehindMore.ok && onVercelBehindMore.env.TRUSTED_PROXIES.kind).toBe('cidrs');
    const bad = loadEnv({ TRUSTED_PROXIES: '10.0.0.0/8, 10.0.0.300/24' }, { dataDir: dir });
    expect(bad.ok ? [] : bad.problems).toEqual([
      'TRUSTED_PROXIES: "10.0.0.300/24" is not a CIDR such as 10.0.0.0/8 or fd00::/8 (or the word vercel)',
    ]);
  });
});
