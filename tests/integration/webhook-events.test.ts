import { desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POST as createTeamRoute } from '@/app/api/v1/tenants/[tenant]/teams/route';
import { webhookDeliveries, webhookEvents } from '@/db/schema';
import { recordTenantAudit } from '@/lib/audit/record';
import { stopJobSender } from '@/lib/jobs/enqueue';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { call, createTenantWithMembers, type TestTenant } from '../support/fixtures';
import { insertEndpoint } from '../support/webhook-endpoints';

// Events raised by audited changes, in the change's own transaction: what a receiver gets in `data`, and that an
// audited action no event maps to writes nothing.

let t: TestTenant;
beforeAll(async () => {
  process.env.JOBS_ENABLED = '0';
  t = await createTenantWithMembers();
});
afterAll(async () => {
  await stopJobSender();
  delete process.env.JOBS_ENABLED;
});

const events = () =>
  withTenant(t.id, (tx) => tx.select().from(webhookEvents).where(eq(webhookEvents.tenantId, t.id)).orderBy(desc(webhookEvents.createdAt)));

describe('webhook events from the audit trail', () => {
  it('a team created through the API raises team.created with the team, its state and who acted', async () => {
    const endpoint = await insertEndpoint(t.id, 'http://127.0.0.1:9/hooks', ['team.*']);
    const response = await call(createTeamRoute, {
      method: 'POST',
      url: `http://localhost/api/v1/tenants/${t.slug}/teams`,
      params: { tenant: t.slug },
      cookie: t.users.admin.cookie,
      body: { name: 'Night shift', description: 'Packaging line 2' },
    });
    expect(response.status).toBe(201);
    const team = response.json as { id: string };
    const [event] = (await events()).filter((e) => e.type === 'team.created');
    expect(event.payload).toMatchObject({
      type: 'team.created',
      data: {
        object: { type: 'team', id: team.id },
        action: 'team.created',
        state: { name: 'Night shift' },
        actor: { type: 'user', id: t.users.admin.id, name: t.users.admin.name },
      },
    });
    expect(new Date(event.payload.timestamp).getTime()).toBe(event.createdAt.getTime());
    const deliveries = await withTenant(t.id, (tx) => tx.select().from(webhookDeliveries).where(eq(webhookDeliveries.eventId, event.id)));
    expect(deliveries.map((d) => d.endpointId)).toEqual([endpoint.id]);
  });

  it('a batch release raises batch.status_changed and batch.released; secrets in snapshots stay masked', async () => {
    await withTenant(t.id, (tx) =>
      recordTenantAudit(tx, t.id, { type: 'system', id: 'test', name: 'Test' }, null, {
        action: 'batch.released',
        targetType: 'batch',
        targetId: '00000000-0000-4000-8000-000000000001',
        before: { status: 'in_review' },
        after: { status: 'released', clientSecret: 'do-not-send' },
      }),
    );
    const raised = (await events()).filter((e) => (e.payload.data.object as { id: string }).id === '00000000-0000-4000-8000-000000000001');
    expect(raised.map((e) => e.type).sort()).toEqual(['batch.released', 'batch.status_changed']);
    for (const e of raised) {
      expect(e.payload.data).toMatchObject({ move: 'released', state: { status: 'released', clientSecret: '[redacted]' } });
      expect(JSON.stringify(e.payload)).not.toContain('do-not-send');
    }
  });

  it('an audited action with no event writes no event', async () => {
    const before = (await events()).length;
    await withTenant(t.id, (tx) =>
      recordTenantAudit(tx, t.id, { type: 'system', id: 'test', name: 'Test' }, null, {
        action: 'note.added',
        targetType: 'batch',
        targetId: 'x',
      }),
    );
    expect((await events()).length).toBe(before);
  });
});
