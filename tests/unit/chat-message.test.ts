import { describe, expect, it } from 'vitest';
import { UUID_PATTERN } from '@/lib/plain-words';
import { chatMessageBody, eventLink, eventSentence, eventTitle, type ChatPayload } from '@/lib/webhooks/chat-message';
import { TEST_EVENT_TYPE, WEBHOOK_EVENT_TYPES } from '@/lib/webhooks/event-types';

const SECRET = 'whsec_c2VjcmV0LXRoYXQtbXVzdC1uZXZlci1sZWFr';
const ID = '3f9a2c1e-1111-4222-8333-444455556666';
const context = { tenantName: 'Acme Pharma', appUrl: 'https://custos.example', tenantSlug: 'acme' };

/** What an event's data plausibly carries (ids, the after snapshot, who acted) plus fields that must never be shown. */
function richData(type: string): Record<string, unknown> {
  return {
    id: ID,
    targetId: ID,
    targetType: type.split('.')[0],
    membershipId: ID,
    batchId: ID,
    inspectionId: ID,
    userId: ID,
    email: 'quinn@acme.test',
    name: 'Quinn QA',
    batchNumber: 'ACM2607004',
    slug: 'ims',
    status: 'released',
    decision: 'approved',
    outcome: 'completed',
    firstBrokenSequence: 42,
    actor: { type: 'user', id: ID, name: 'Ada Admin' },
    after: { batchNumber: 'ACM2607004', status: 'released', secret: SECRET, passwordHash: SECRET },
    secret: SECRET,
    token: SECRET,
  };
}

/** Only ids: nothing names the record. */
const bareData = (type: string) => ({ id: ID, targetId: ID, targetType: type.split('.')[0], actor: { type: 'user', id: ID, name: null } });

const TYPES = [...WEBHOOK_EVENT_TYPES.map((e) => e.type), TEST_EVENT_TYPE];

function payload(type: string, data: Record<string, unknown>): ChatPayload {
  return { type, timestamp: '2026-12-06T15:46:21.000Z', data };
}

function textsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(textsOf);
  if (value && typeof value === 'object') return Object.values(value).flatMap(textsOf);
  return [];
}

describe('chat messages for every event type', () => {
  for (const type of TYPES) {
    for (const [variant, data] of [
      ['named', richData(type)],
      ['ids only', bareData(type)],
      ['empty data', {}],
    ] as const) {
      it(`${type} (${variant}): a plain sentence, valid Slack and Teams bodies, no secret`, () => {
        const event = payload(type, data);
        const sentence = eventSentence(event, context.tenantName);
        expect(sentence.length).toBeGreaterThan(10);
        expect(sentence).not.toMatch(UUID_PATTERN);
        expect(sentence).not.toMatch(/[a-z]+_[a-z]+/); // no snake_case
        expect(sentence).toMatch(/^[A-Z]/);
        expect(eventTitle(type)).not.toMatch(/[._]/);

        const slack = chatMessageBody('slack', event, context);
        expect(typeof slack.text).toBe('string');
        expect((slack.text as string).length).toBeGreaterThan(0);
        const blocks = slack.blocks as { type: string }[];
        expect(Array.isArray(blocks)).toBe(true);
        expect(blocks.length).toBeGreaterThan(0);
        expect(blocks.length).toBeLessThanOrEqual(50);
        for (const block of blocks) expect(['header', 'section', 'context', 'actions']).toContain(block.type);

        const teams = chatMessageBody('teams', event, context) as {
          type: string;
          attachments: { contentType: string; content: Record<string, unknown> }[];
        };
        expect(teams.type).toBe('message');
        expect(teams.attachments).toHaveLength(1);
        expect(teams.attachments[0].contentType).toBe('application/vnd.microsoft.card.adaptive');
        const card = teams.attachments[0].content;
        expect(card.type).toBe('AdaptiveCard');
        expect(card.version).toBe('1.4');
        expect(card.$schema).toBe('http://adaptivecards.io/schemas/adaptive-card.json');
        const body = card.body as { type: string; text?: string }[];
        expect(body.filter((b) => b.type === 'TextBlock').map((b) => b.text)).toContain(sentence);
        for (const action of (card.actions as { type: string; url: string }[] | undefined) ?? []) {
          expect(action.type).toBe('Action.OpenUrl');
          expect(action.url.startsWith('https://custos.example/t/acme/')).toBe(true);
        }

        for (const rendered of [JSON.stringify(slack), JSON.stringify(teams)]) {
          expect(rendered).not.toContain(SECRET);
          expect(rendered).not.toContain('quinn@acme.test'.replace('quinn', 'nobody'));
        }
        // Ids appear only inside links, never in words shown to people.
        for (const text of [...textsOf(slack), ...textsOf(card.body)]) {
          if (text.startsWith('https://')) continue;
          expect(text).not.toMatch(UUID_PATTERN);
        }
      });
    }
  }
});

describe('chat message words', () => {
  it('a released batch names the batch and who released it, and links to it', () => {
    const event = payload('batch.released', {
      batchId: ID,
      batchNumber: 'ACM2607004',
      actor: { type: 'user', id: ID, name: 'Quinn QA' },
    });
    expect(eventSentence(event, 'Acme')).toBe('Batch ACM2607004 was released by Quinn QA.');
    expect(eventLink(event, context)).toEqual({ url: `https://custos.example/t/acme/batches/${ID}`, label: 'Open the batch' });
    const slack = chatMessageBody('slack', event, context);
    expect(slack.text).toBe('Batch released (Acme Pharma): Batch ACM2607004 was released by Quinn QA.');
    expect(JSON.stringify(slack)).toContain(`"url":"https://custos.example/t/acme/batches/${ID}"`);
  });

  it('a second-factor reset names the member and the admin', () => {
    const event = payload('member.mfa_reset', {
      membershipId: ID,
      member: { userId: ID, email: 'olive@acme.test', name: 'Olive Operator' },
      actor: { type: 'user', id: ID, name: 'Ada Admin' },
    });
    expect(eventSentence(event, 'Acme')).toBe('The second factors of Olive Operator were reset by Ada Admin.');
    expect(eventLink(event, context)?.url).toBe(`https://custos.example/t/acme/members/${ID}`);
  });

  it('access reviews name the campaign in quotes, who acted and the due date, and link to the campaign', () => {
    const state = { name: 'Q4 2026 user-access review', dueOn: '2026-12-31' };
    const about = { object: { type: 'access_review', id: ID }, state };
    const started = payload('access_review.started', { ...about, actor: { type: 'user', id: ID, name: 'Ada Admin' } });
    expect(eventSentence(started, 'Acme')).toBe('The access review “Q4 2026 user-access review” was started by Ada Admin, due 2026-12-31.');
    expect(eventTitle('access_review.started')).toBe('Access review started');
    expect(eventLink(started, context)).toEqual({
      url: `https://custos.example/t/acme/access-reviews/${ID}`,
      label: 'Open the access review',
    });
    const signed = payload('access_review.decisions_signed', { ...about, actor: { type: 'user', id: ID, name: 'Quinn QA' } });
    expect(eventSentence(signed, 'Acme')).toBe('Quinn QA signed their decisions in the access review “Q4 2026 user-access review”.');
    const overdue = payload('access_review.overdue', { ...about, actor: { type: 'system', id: 'reminders', name: null } });
    expect(eventSentence(overdue, 'Acme')).toBe(
      'The access review “Q4 2026 user-access review” is overdue with decisions still open; its admins were told.',
    );
    const closed = payload('access_review.closed', { object: { type: 'access_review', id: ID } });
    expect(eventSentence(closed, 'Acme')).toBe('An access review was closed and signed.');
    expect(eventLink(payload('access_review.closed', {}), context)?.url).toBe('https://custos.example/t/acme/access-reviews');
  });

  it('a broken audit chain names the tenant and the first altered entry, and links to the audit trail', () => {
    const event = payload('audit.chain.broken', { firstBrokenSequence: 17 });
    expect(eventSentence(event, 'Acme')).toContain('The audit trail of Acme failed verification at entry 17');
    expect(eventLink(event, context)?.url).toBe('https://custos.example/t/acme/audit');
  });

  it('reads the data events-from-audit writes: object, state, previous, member, actor', () => {
    const released = payload('batch.released', {
      object: { type: 'batch', id: ID },
      action: 'batch.released',
      move: 'released',
      state: { batchNumber: 'ACM2607004', status: 'released' },
      previous: { status: 'under_review' },
      actor: { type: 'user', id: ID, name: 'Quinn QA' },
    });
    expect(eventSentence(released, 'Acme')).toBe('Batch ACM2607004 was released by Quinn QA.');
    expect(eventLink(released, context)?.url).toBe(`https://custos.example/t/acme/batches/${ID}`);
    const moved = payload('batch.status_changed', {
      ...released.data,
      action: 'batch.quarantined',
      state: { batchNumber: 'ACM1', status: 'quarantined' },
    });
    expect(eventSentence(moved, 'Acme')).toBe('Batch ACM1 moved to quarantined (Quinn QA).');
    const removed = payload('member.removed', {
      object: { type: 'member', id: ID },
      member: { id: ID, userId: ID, email: 'olive@acme.test' },
      previous: { email: 'olive@acme.test', status: 'active' },
      actor: { type: 'user', id: ID, name: 'Ada Admin' },
    });
    expect(eventSentence(removed, 'Acme')).toBe('Member olive@acme.test was removed by Ada Admin.');
    const reset = payload('member.mfa_reset', { ...removed.data, state: { email: 'olive@acme.test', totp: false } });
    expect(eventLink(reset, context)?.url).toBe(`https://custos.example/t/acme/members/${ID}`);
    const role = payload('role.created', {
      object: { type: 'role', id: ID },
      state: { name: 'Line lead' },
      actor: { type: 'api_key', id: ID, name: 'CI' },
    });
    expect(eventSentence(role, 'Acme')).toBe('Role Line lead was created by API key CI.');
  });

  it('a record without a name reads as "a batch", not as its id', () => {
    expect(eventSentence(payload('batch.recalled', { batchId: ID }), 'Acme')).toBe('A batch was recalled.');
  });

  it('Slack markup characters in names are escaped', () => {
    const event = payload('role.created', { name: '<!channel> & co', actor: { type: 'user', name: 'Ada' } });
    const slack = chatMessageBody('slack', event, context);
    expect(slack.text).toContain('&lt;!channel&gt; &amp; co');
    expect(JSON.stringify(slack)).not.toContain('<!channel>');
  });

  it('without the tenant slug there is no link (never a broken one)', () => {
    const event = payload('batch.released', { batchId: ID, batchNumber: 'ACM1' });
    expect(eventLink(event, { tenantName: 'Acme', appUrl: 'https://x' })).toBeNull();
    const teams = chatMessageBody('teams', event, { tenantName: 'Acme', appUrl: 'https://x' }) as {
      attachments: { content: Record<string, unknown> }[];
    };
    expect(teams.attachments[0].content.actions).toBeUndefined();
  });
});
