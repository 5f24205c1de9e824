import { describe, expect, it } from 'vitest';
import { DomainError } from '@/lib/errors';
import { ANONYMOUS_OPTIONS_LIMIT, passkeyAuthenticationOptions } from '@/lib/auth/mfa/passkey-authentication';
import { createUserWithSession } from '../support/fixtures';

// Passkey-only sign-in asks for options before anyone is named, so anyone may ask: each network address gets a budget
// of challenges (each one is a stored row), counted in the kv store by the address the server saw, never a header.

const unique = () => Math.random().toString(36).slice(2, 10);
const metaFor = (ip: string) => ({ requestId: `passkey-limit-${unique()}`, ip, userAgent: 'vitest' });

describe('passkey sign-in options per network address', () => {
  it(`answers ${ANONYMOUS_OPTIONS_LIMIT} anonymous requests from one address, then 429 with Retry-After; others and named people are not held up`, async () => {
    const ip = `198.51.100.${Math.floor(Math.random() * 250) + 1}-${unique()}`;
    for (let i = 0; i < ANONYMOUS_OPTIONS_LIMIT; i++) {
      const { options, challengeId } = await passkeyAuthenticationOptions({}, metaFor(ip));
      expect(options.allowCredentials ?? []).toEqual([]);
      expect(challengeId).toBeTruthy();
    }
    const refused = await passkeyAuthenticationOptions({}, metaFor(ip)).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(DomainError);
    expect((refused as DomainError).status).toBe(429);
    expect((refused as DomainError).code).toBe('rate_limited');
    expect(Number((refused as DomainError).headers?.['Retry-After'])).toBeGreaterThan(0);

    // Another address still gets options.
    expect((await passkeyAuthenticationOptions({}, metaFor(`203.0.113.9-${unique()}`))).challengeId).toBeTruthy();
    // A named person's second step (after their password) is not counted against the address.
    const user = await createUserWithSession('passkey-limit');
    expect((await passkeyAuthenticationOptions({ userId: user.id }, metaFor(ip))).challengeId).toBeTruthy();
  });
});
