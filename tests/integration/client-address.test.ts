import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { POST as registerRoute } from '@/app/api/v1/auth/register/route';
import { POST as tokenRoute } from '@/app/api/v1/auth/token/route';
import { getDb } from '@/db/client';
import { auditEvents, sessions } from '@/db/schema';
import { insertUser } from '@/lib/auth/create-user';
import { REGISTER_IP_LIMIT } from '@/lib/auth/register';
import { IP_LIMIT } from '@/lib/auth/sign-in-guard';
import { fromPeer, uniqueAddress } from '../support/client-address';
import { call, unique } from '../support/fixtures';

// Issue 14, hole 3: X-Forwarded-For is not believed unless TRUSTED_PROXIES says so (unset here), so rotating
// it does not escape the per-address limits, and the trail and the session list keep the real peer.
const PASSWORD = 'correct horse battery staple';
let rotation = 0;
const rotatingForwardedFor = () => `198.51.100.${(rotation++ % 250) + 1}, 203.0.113.${(rotation % 250) + 1}`;

const token = (body: unknown, headers: Record<string, string>) =>
  call(tokenRoute, { method: 'POST', url: 'http://localhost/api/v1/auth/token', body, headers });
const register = (body: unknown, headers: Record<string, string>) =>
  call(registerRoute, { method: 'POST', url: 'http://localhost/api/v1/auth/register', body, headers });

describe('the client address behind the per-address limits', () => {
  it('password spraying from one peer hits the sign-in limit however X-Forwarded-For rotates', async () => {
    const db = await getDb();
    const peer = uniqueAddress();
    const victim = `spray-victim-${unique()}@test.custos`;
    await insertUser(db, { email: victim, name: 'Vic Tim', password: PASSWORD, verified: true });
    for (let i = 0; i < IP_LIMIT; i++) {
      const res = await token(
        { email: `spray-${i}-${unique()}@test.custos`, password: 'one guess per account' },
        {
          ...fromPeer(peer),
          'x-forwarded-for': rotatingForwardedFor(),
        },
      );
      expect(res.status, `attempt ${i + 1}`).toBe(401);
    }
    const locked = await token({ email: victim, password: PASSWORD }, { ...fromPeer(peer), 'x-forwarded-for': rotatingForwardedFor() });
    expect(locked.status).toBe(429);
    expect(locked.json.code).toBe('rate_limited');
    // Another peer is not affected.
    expect((await token({ email: victim, password: PASSWORD }, fromPeer(uniqueAddress()))).status).toBe(200);
  });

  it('the sign-up limit holds however X-Forwarded-For rotates', async () => {
    const peer = uniqueAddress();
    for (let i = 0; i < REGISTER_IP_LIMIT; i++) {
      const res = await register(
        { email: `rot-${i}-${unique()}@test.custos`, password: PASSWORD, name: `Rot ${i}` },
        { ...fromPeer(peer), 'x-forwarded-for': rotatingForwardedFor() },
      );
      expect(res.status, `sign-up ${i + 1}`).toBe(201);
    }
    const over = await register(
      { email: `rot-over-${unique()}@test.custos`, password: PASSWORD, name: 'One too many' },
      { ...fromPeer(peer), 'x-forwarded-for': rotatingForwardedFor() },
    );
    expect(over.status).toBe(429);
    expect(over.json.code).toBe('rate_limited');
  });

  it('the session list and the audit trail record the peer, not a spoofed X-Forwarded-For', async () => {
    const db = await getDb();
    const email = `peer-${unique()}@test.custos`;
    const user = await insertUser(db, { email, name: 'Pia Peer', password: PASSWORD, verified: true });
    const res = await token(
      { email, password: PASSWORD },
      { ...fromPeer('192.0.2.61'), 'x-forwarded-for': '6.6.6.6', 'x-real-ip': '6.6.6.6' },
    );
    expect(res.status).toBe(200);
    const rows = await db.select({ ip: sessions.ip }).from(sessions).where(eq(sessions.userId, user.id));
    expect(rows).toEqual([{ ip: '192.0.2.61' }]);
    const events = await db
      .select({ action: auditEvents.action, ip: auditEvents.ip })
      .from(auditEvents)
      .where(and(sql`${auditEvents.tenantId} is null`, eq(auditEvents.targetId, user.id)));
    expect(events).toEqual([{ action: 'user.signed_in', ip: '192.0.2.61' }]);
  });
});
