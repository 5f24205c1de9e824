import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DELETE as deleteMemberRoute } from '@/app/api/v1/tenants/[tenant]/members/[id]/route';
import { batches } from '@/db/schema';
import { appUrl } from '@/lib/email/outbox';
import { drainEnqueuedJobs, stopJobSender } from '@/lib/jobs/enqueue';
import { withTenant } from '@/lib/tenancy/with-tenant';
import { call, createTenantWithMembers, type TestTenant } from '../support/fixtures';
import { newMember } from '../support/members';
import { api, giveTestPasswords, readyBatch, sign } from '../support/quality';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver';
import { deliveriesOf, insertEndpoint } from '../support/webhook-endpoints';

// Slack and Teams channels are webhook endpoints with a chat format: a real change (a batch released, a member removed)
// goes through the delivery job to a local receiver as a Slack message or a Teams Adaptive Card in plain words.

let t: TestTenant;
let slack: WebhookReceiver;
let teams: WebhookReceiver;

beforeAll(async () => {
  t = await createTenantWithMembers();
  await giveTestPasswords(t);
  slack = await startWebhookReceiver();
  teams = await startWebhookReceiver();
}, 60_000);

afterAll(async () => {
  await drainEnqueuedJobs();
  await stopJobSender();
  await slack.close();
  await teams.close();
});

type SlackMessage = { text: string; blocks: { type: string; text?: { text: string }; elements?: { url?: string; text?: unknown }[] }[] };
type TeamsMessage = {
  type: string;
  attachments: {
    contentType: string;
    content: { type: string; version: string; body: { type: string; text?: string }[]; actions?: { url: string }[] };
  }[];
};

describe('Slack and Teams channels', () => {
  it('a released batch arrives in plain words with a link to the batch; a removed member on the channel that wants members', async () => {
    const slackEndpoint = await insertEndpoint(t.id, slack.url, ['batch.released', 'member.*'], { format: 'slack' });
    const teamsEndpoint = await insertEndpoint(t.id, teams.url, ['batch.released'], { format: 'teams' });
    slack.secrets = [slackEndpoint.secret];
    teams.secrets = [teamsEndpoint.secret];

    const batchId = await readyBatch(t);
    const [batch] = await withTenant(t.id, (tx) => tx.select().from(batches).where(eq(batches.id, batchId)));
    const released = await api.transition(t, 'qa', batchId, { to: 'released', reason: 'Record reviewed', signature: sign('released') });
    expect(released.status).toBe(200);
    await drainEnqueuedJobs();

    // The release's audit entry carries the batch number on both sides, so the event's state names the batch.
    const named = `Batch ${batch.batchNumber} was released by ${t.users.qa.name}.`;
    const batchUrl = appUrl(`/t/${t.slug}/batches/${batchId}`);
    expect(slack.received).toHaveLength(1);
    const message = JSON.parse(slack.received[0].body) as SlackMessage;
    expect(slack.received[0].answered).toBe(200);
    expect(slack.received[0].contentType).toBe('application/json');
    const sentence = message.blocks.find((b) => b.type === 'section')?.text?.text ?? '';
    expect(sentence).toBe(named);
    expect(message.text).toBe(`Batch released (Tenant ${t.slug}): ${sentence}`);
    expect(message.blocks.find((b) => b.type === 'actions')?.elements?.[0].url).toBe(batchUrl);

    expect(teams.received).toHaveLength(1);
    const card = JSON.parse(teams.received[0].body) as TeamsMessage;
    expect(card.type).toBe('message');
    expect(card.attachments[0].contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(card.attachments[0].content).toMatchObject({ type: 'AdaptiveCard', version: '1.4', actions: [{ url: batchUrl }] });
    expect(card.attachments[0].content.body.map((b) => b.text)).toContain(sentence);

    const leaving = await newMember(t, ['viewer'], 'leaving');
    const removed = await call(deleteMemberRoute, {
      method: 'DELETE',
      url: `http://localhost/api/v1/tenants/${t.slug}/members/${leaving.membershipId}`,
      params: { tenant: t.slug, id: leaving.membershipId },
      cookie: t.users.admin.cookie,
    });
    expect(removed.status).toBe(204);
    await drainEnqueuedJobs();
    const messages = slack.received.map((r) => (JSON.parse(r.body) as SlackMessage).text);
    expect(messages).toContain(`Member removed (Tenant ${t.slug}): Member ${leaving.email} was removed by ${t.users.admin.name}.`);
    expect(teams.received).toHaveLength(1); // the Teams channel wants releases only

    for (const endpoint of [slackEndpoint, teamsEndpoint]) {
      for (const delivery of await deliveriesOf(t.id, endpoint.id))
        expect(delivery).toMatchObject({ status: 'succeeded', lastStatusCode: 200 });
    }
    // Nothing internal in what people read: no raw ids outside links, no snake_case.
    for (const r of [...slack.received, ...teams.received]) {
      const shown = r.body.replace(/https?:\/\/[^"]+/g, '');
      expect(shown).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/);
      expect(shown).not.toMatch(/batch\.released|status_changed|member\.removed/);
    }
  });
});
