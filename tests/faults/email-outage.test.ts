import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  histogram,
  signIn,
  sleep,
  startApp,
  startPostgres,
  startResendStandIn,
  type Client,
  type PrivatePostgres,
  type ResendStandIn,
  type RunningServer,
} from './services';

// The mail provider fails: a local stand-in for the Resend API answers 500, then recovers. Password-reset mails and
// invitations stay in the outbox while it fails (kicked after each request, retried with backoff), and once it
// answers again the cron route /api/cron/deliver-email delivers every one of them, each exactly once (counted
// by Idempotency-Key, which is the outbox id, at the stand-in).

const CRON_SECRET = 'faults-cron-secret-0123456789';

let pg: PrivatePostgres;
let resend: ResendStandIn;
let app: RunningServer;
let admin: Client;

beforeAll(async () => {
  pg = await startPostgres();
  resend = await startResendStandIn();
  resend.failing = true;
  app = await startApp(pg.url, {
    RESEND_API_KEY: 're_faults_test_key',
    EMAIL_FROM: 'Custos <mail@faults.custos>',
    RESEND_BASE_URL: resend.url,
    CRON_SECRET,
  });
  admin = await signIn(app.url, 'admin@acme.test');
});

afterAll(async () => {
  await app?.stop();
  await resend?.close();
  await pg?.destroy();
});

type OutboxRow = {
  id: string;
  to: string;
  template: string;
  status: string;
  attempts: number;
  last_error: string | null;
  provider_id: string | null;
};

const outbox = (since: Date) =>
  pg.sql<OutboxRow[]>`select id, "to", template, status, attempts, last_error, provider_id from email_outbox
                      where created_at >= ${since} order by created_at`;

const cron = () => fetch(`${app.url}/api/cron/deliver-email`, { headers: { authorization: `Bearer ${CRON_SECRET}` } });

describe('the mail provider failing, then recovering', () => {
  it('keeps every mail in the outbox while it fails and delivers each exactly once after', async () => {
    const since = new Date(Date.now() - 1_000);
    const resets = ['qa@acme.test', 'qa2@acme.test', 'operator@acme.test'];
    for (const email of resets) {
      const res = await fetch(`${app.url}/api/v1/auth/forgot-password`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email }),
      });
      expect(res.status).toBe(202);
    }
    const roleList = (await (await admin.get('/api/v1/tenants/acme/roles')).json()) as { data?: Array<{ id: string; name: string }> };
    const viewerRole = (roleList.data ?? (roleList as unknown as Array<{ id: string; name: string }>)).find((r) => r.name === 'viewer');
    expect(viewerRole).toBeTruthy();
    const invitees = [1, 2, 3].map((i) => `faults-invitee-${i}-${Date.now()}@example.test`);
    for (const email of invitees) {
      const res = await admin.send('POST', '/api/v1/tenants/acme/invitations', { email, roles: [viewerRole!.id] });
      expect(res.status).toBe(201);
    }

    // Each request kicked a delivery that met the 500: every message is still pending, its error kept.
    let rows: OutboxRow[] = [];
    for (let i = 0; i < 60; i++) {
      rows = await outbox(since);
      // attempts counts a try when it starts (the claim); its error is written when the 500 comes back.
      if (rows.length === 6 && rows.every((r) => r.attempts >= 1 && r.last_error !== null)) break;
      await sleep(250);
    }
    expect(rows.map((r) => r.to).sort()).toEqual([...resets, ...invitees].sort());
    for (const r of rows) {
      expect(r, r.to).toMatchObject({ status: 'pending', provider_id: null });
      expect(r.attempts).toBeGreaterThanOrEqual(1);
      expect(r.last_error).toMatch(/500/);
    }
    // The cron route while it still fails (nothing is due yet, or it fails again): nothing lost, nothing accepted.
    expect((await cron()).status).toBe(200);
    expect(resend.accepted.size).toBe(0);
    const failedTries = resend.requests.length;
    const whileFailing = await outbox(since);
    expect(whileFailing.every((r) => r.status === 'pending')).toBe(true);

    // Recovery: the cron route (every 2 s here) delivers them once their backoff (30 s after the first try) is over.
    resend.failing = false;
    const recoveredAt = Date.now();
    let sentAt: number | null = null;
    while (Date.now() - recoveredAt < 120_000) {
      const res = await cron();
      expect(res.status).toBe(200);
      rows = await outbox(since);
      if (rows.every((r) => r.status === 'sent')) {
        sentAt = Date.now();
        break;
      }
      await sleep(2_000);
    }
    // A few more runs find nothing to send again.
    for (let i = 0; i < 3; i++) expect((await cron()).status).toBe(200);

    const accepted = (key: string) => resend.requests.filter((r) => r.key === key && r.status === 200).length;
    console.log(
      [
        `email outage: 6 mails (3 password resets, 3 invitations) while the Resend stand-in answered 500`,
        `  while failing: ${failedTries} tries, all 500; outbox ${histogram(whileFailing.map((r) => `${r.status}/${r.attempts} attempt(s)`))}`,
        `  after recovery: all sent ${sentAt === null ? 'never' : `after ${sentAt - recoveredAt} ms`}; ` +
          `stand-in requests ${histogram(resend.requests.map((r) => r.status))}; accepted per key ${histogram(rows.map((r) => accepted(r.id)))}`,
      ].join('\n'),
    );
    expect(sentAt).not.toBeNull();
    for (const r of rows) {
      expect(r.status, r.to).toBe('sent');
      expect(accepted(r.id), r.to).toBe(1);
      expect(r.provider_id).toMatch(/^re-standin-/);
      expect(resend.requests.filter((q) => q.key === r.id).every((q) => q.to.includes(r.to))).toBe(true);
    }
    // Nothing the stand-in accepted is outside these six, and no key was accepted twice.
    expect([...resend.accepted.keys()].sort()).toEqual(rows.map((r) => r.id).sort());
    expect([...resend.accepted.values()].every((n) => n === 1)).toBe(true);
  });
});
