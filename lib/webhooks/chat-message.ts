import { actorWords } from '@/lib/audit/action-labels';
import { humanizeValue, UUID_PATTERN } from '@/lib/plain-words';
import { batchStatusLabel } from '@/lib/quality/labels';
import { TEST_EVENT_TYPE } from './event-types';

/**
 * Events in plain words for people: the body of a Slack or Microsoft Teams incoming webhook (an endpoint whose
 * `format` is `slack` or `teams`), and the lines of an email digest (lib/notifications/). One sentence per event
 * ("Batch ACM2607004 was released by Quinn QA"), a short title ("Batch released") and, when the event is about a
 * record the console shows, a link to it.
 *
 * The words come from the event's type and the few fields of its `data` that name things (a batch number, a name,
 * an email address, who acted); nothing else of `data` is copied, so no secret or internal value can reach a chat
 * channel, and a record that has no name in the event reads as "a batch", never as a bare id.
 */

export type ChatFormat = 'slack' | 'teams';
export type ChatPayload = { type: string; timestamp: string; data: Record<string, unknown> };
/** `tenantSlug`, when given, lets the message link to the record in the console (`/t/{slug}/…`). */
export type ChatContext = { tenantName: string; appUrl: string; tenantSlug?: string };

type Data = Record<string, unknown>;

const isObject = (value: unknown): value is Data => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A readable string: trimmed, not empty, not an id, not absurdly long. */
function readable(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const text = value.replace(/\s+/g, ' ').trim();
  if (!text || UUID_PATTERN.test(text) || text.length > 200) return null;
  return text;
}

/** Where an event's data may carry a field: itself, the state after/before, the target, the record of its family. */
function places(data: Data, family: string): Data[] {
  const found: Data[] = [data];
  // `state`/`previous` are the audit entry's snapshots (lib/webhooks/events-from-audit.ts); `after`/`before` the same by other names.
  for (const key of ['state', 'after', 'target', 'object', family, 'member', 'user', 'batch', 'previous', 'before']) {
    const value = data[key];
    if (isObject(value)) found.push(value);
  }
  return found;
}

function field(data: Data, family: string, names: readonly string[]): string | null {
  for (const place of places(data, family)) {
    for (const name of names) {
      const value = readable(place[name]);
      if (value) return value;
    }
  }
  return null;
}

function idField(data: Data, family: string, names: readonly string[]): string | null {
  for (const place of places(data, family)) {
    for (const name of names) {
      const value = place[name];
      if (typeof value === 'string' && /^[A-Za-z0-9._~-]{1,100}$/.test(value)) return value;
    }
  }
  return null;
}

const FAMILY_WORD: Record<string, string> = {
  member: 'member',
  role: 'role',
  team: 'team',
  system: 'system',
  invitation: 'invitation',
  batch: 'batch',
  inspection: 'inspection',
  serials: 'serial generation',
  access_review: 'access review',
  audit: 'audit trail',
};

/** The record's name as a phrase: "batch ACM2607004", "role Viewer", or "a batch" when the event does not name it. */
function recordPhrase(type: string, data: Data): string {
  const family = type.split('.')[0];
  const word = FAMILY_WORD[family] ?? humanizeValue(family).toLowerCase();
  if (family === 'batch' || family === 'serials') {
    const number = field(data, 'batch', ['batchNumber', 'number']);
    return number ? `batch ${number}` : 'a batch';
  }
  if (family === 'member' || family === 'invitation') {
    const who = field(data, family, ['name', 'displayName', 'email']) ?? field(data, family, ['email']);
    if (family === 'invitation') return who ? `the invitation to ${who}` : 'an invitation';
    // An address is never capitalised: "Member olive@acme.test was removed".
    if (who?.includes('@')) return `member ${who}`;
    return who ?? 'a member';
  }
  if (family === 'inspection') {
    const batch = field(data, 'batch', ['batchNumber']);
    const kind = field(data, 'inspection', ['typeLabel']);
    return batch ? `the ${kind ? `${kind.toLowerCase()} ` : ''}inspection of batch ${batch}` : 'an inspection';
  }
  const name = field(data, family, ['name', 'slug', 'code']);
  // A campaign's name is a phrase of its own ("Q4 2026 access review"): quoted, not run on.
  if (family === 'access_review') return name ? `the access review “${name}”` : 'an access review';
  return name ? `${word} ${name}` : `a ${word}`;
}

function actorOf(data: Data): string | null {
  const actor = data.actor;
  if (!isObject(actor)) return null;
  const name = readable(actor.name);
  const type = typeof actor.type === 'string' ? actor.type : 'user';
  return actorWords({ type, name });
}

const capitalise = (text: string) => (text ? text[0].toUpperCase() + text.slice(1) : text);

/** "was released by Quinn QA" / "was released" (nobody named). */
const passive = (verb: string, actor: string | null) => `${verb}${actor ? ` by ${actor}` : ''}`;

/** Short titles per event type (the chat message's heading, the digest's group label). */
const TITLES: Record<string, string> = {
  'member.joined': 'Member joined',
  'member.updated': 'Member changed',
  'member.suspended': 'Member suspended',
  'member.reactivated': 'Member reactivated',
  'member.removed': 'Member removed',
  'member.mfa_reset': 'Second factors reset',
  'role.created': 'Role created',
  'role.updated': 'Role changed',
  'role.deleted': 'Role deleted',
  'team.created': 'Team created',
  'team.updated': 'Team changed',
  'team.deleted': 'Team deleted',
  'system.created': 'System connected',
  'system.updated': 'System changed',
  'system.deleted': 'System removed',
  'invitation.created': 'Invitation sent',
  'invitation.accepted': 'Invitation accepted',
  'invitation.revoked': 'Invitation revoked',
  'invitation.expired': 'Invitation expired',
  'batch.created': 'Batch planned',
  'batch.updated': 'Batch corrected',
  'batch.status_changed': 'Batch status changed',
  'batch.released': 'Batch released',
  'batch.recalled': 'Batch recalled',
  'inspection.reviewed': 'Inspection reviewed',
  'access_review.started': 'Access review started',
  'access_review.decisions_signed': 'Access review decisions signed',
  'access_review.overdue': 'Access review overdue',
  'access_review.closed': 'Access review closed',
  'serials.job.completed': 'Serial generation finished',
  'audit.chain.broken': 'Audit trail altered',
  [TEST_EVENT_TYPE]: 'Test message',
};

/** The event's short title: "Batch released". */
export function eventTitle(type: string): string {
  return TITLES[type] ?? humanizeValue(type);
}

function statusWord(data: Data): string | null {
  const status = field(data, 'batch', ['status', 'to', 'toStatus']);
  return status ? batchStatusLabel(status).toLowerCase() : null;
}

/** The event as one sentence in plain words: "Batch ACM2607004 was released by Quinn QA". */
export function eventSentence(payload: ChatPayload, tenantName: string): string {
  const data: Data = isObject(payload.data) ? payload.data : {};
  const type = payload.type;
  const actor = actorOf(data);
  const record = recordPhrase(type, data);
  const verb = type.split('.').slice(1).join('.');

  switch (type) {
    case TEST_EVENT_TYPE:
      return `This is a test message from Custos for ${tenantName}. The channel works.`;
    case 'audit.chain.broken': {
      const sequence = data.firstBrokenSequence;
      const where = typeof sequence === 'number' || typeof sequence === 'string' ? ` at entry ${String(sequence)}` : '';
      return `The audit trail of ${tenantName} failed verification${where}: an entry was changed or removed after it was written.`;
    }
    case 'member.joined':
      return `${capitalise(record)} joined ${tenantName}.`;
    case 'member.updated':
      return `${capitalise(record)}’s access was changed${actor ? ` by ${actor}` : ''}.`;
    case 'member.mfa_reset':
      return `The second factors of ${record} were reset${actor ? ` by ${actor}` : ''}.`;
    case 'member.suspended':
    case 'member.reactivated':
    case 'member.removed':
      return `${capitalise(record)} was ${passive(verb, actor)}.`;
    case 'invitation.created':
      return `${capitalise(record)} was sent${actor ? ` by ${actor}` : ''}.`;
    case 'invitation.accepted':
      return `${capitalise(record)} was accepted.`;
    case 'invitation.revoked':
      return `${capitalise(record)} was ${passive('revoked', actor)}.`;
    case 'invitation.expired':
      return `${capitalise(record)} expired unused.`;
    case 'system.created':
      return `${capitalise(record)} was ${passive('connected', actor)}.`;
    case 'system.deleted':
      return `${capitalise(record)} was ${passive('removed', actor)}.`;
    case 'batch.created':
      return `${capitalise(record)} was ${passive('planned', actor)}.`;
    case 'batch.updated':
      return `${capitalise(record)} was ${passive('corrected', actor)}.`;
    case 'batch.status_changed': {
      const status = statusWord(data);
      return status
        ? `${capitalise(record)} moved to ${status}${actor ? ` (${actor})` : ''}.`
        : `${capitalise(record)} moved in its lifecycle${actor ? ` (${actor})` : ''}.`;
    }
    case 'batch.released':
    case 'batch.recalled':
      return `${capitalise(record)} was ${passive(verb, actor)}.`;
    case 'inspection.reviewed': {
      const decision = field(data, 'inspection', ['decision', 'outcome', 'status']);
      const word = decision === 'approved' || decision === 'rejected' ? decision : 'reviewed';
      return `${capitalise(record)} was ${passive(word, actor)}.`;
    }
    case 'access_review.started': {
      const due = field(data, 'access_review', ['dueOn']);
      return `${capitalise(record)} was ${passive('started', actor)}${due ? `, due ${due}` : ''}.`;
    }
    case 'access_review.decisions_signed':
      return `${actor ? capitalise(actor) : 'A reviewer'} signed their decisions in ${record}.`;
    case 'access_review.overdue':
      return `${capitalise(record)} is overdue with decisions still open; its admins were told.`;
    case 'access_review.closed':
      return `${capitalise(record)} was ${passive('closed and signed', actor)}.`;
    case 'serials.job.completed': {
      const outcome = field(data, 'serials', ['outcome', 'status']);
      const failed = outcome === 'failed';
      const count = typeof data.count === 'number' ? data.count : typeof data.quantity === 'number' ? data.quantity : null;
      if (failed) return `Serial generation for ${record} failed.`;
      return `Serial generation for ${record} finished${count !== null ? `: ${count.toLocaleString('en')} serials` : ''}.`;
    }
    default: {
      if (['created', 'updated', 'deleted'].includes(verb)) {
        const words = { created: 'created', updated: 'changed', deleted: 'deleted' }[verb as 'created' | 'updated' | 'deleted'];
        return `${capitalise(record)} was ${passive(words, actor)}.`;
      }
      return `${eventTitle(type)}${actor ? ` (${actor})` : ''}.`;
    }
  }
}

/** Where the console shows the event's record; null when it shows none (or the tenant's slug is unknown). */
export function eventLink(payload: ChatPayload, context: ChatContext): { url: string; label: string } | null {
  if (!context.tenantSlug) return null;
  const data: Data = isObject(payload.data) ? payload.data : {};
  const [family, verb] = payload.type.split('.');
  const base = `${context.appUrl.replace(/\/+$/, '')}/t/${encodeURIComponent(context.tenantSlug)}`;
  const id = (names: string[]) => idField(data, family, names);
  const link = (path: string, label: string) => ({ url: `${base}${path}`, label });
  switch (family) {
    case 'batch': {
      const batchId = id(['batchId', 'targetId', 'id']);
      return batchId ? link(`/batches/${encodeURIComponent(batchId)}`, 'Open the batch') : link('/batches', 'Open batches');
    }
    case 'serials': {
      const batchId = id(['batchId']);
      return batchId ? link(`/batches/${encodeURIComponent(batchId)}`, 'Open the batch') : link('/batches', 'Open batches');
    }
    case 'inspection': {
      const inspectionId = id(['inspectionId', 'targetId', 'id']);
      return inspectionId ? link(`/inspections/${encodeURIComponent(inspectionId)}`, 'Open the inspection') : null;
    }
    case 'member': {
      // The event's object (and its `member`) is the membership: its id is the member page's.
      const membershipId =
        id(['membershipId', 'targetId']) ??
        (isObject(data.object) && data.object.type === 'member' ? idField(data.object, family, ['id']) : null) ??
        (isObject(data.member) ? idField(data.member, family, ['id']) : null);
      if (verb === 'removed' || !membershipId) return link('/members', 'Open members');
      return link(`/members/${encodeURIComponent(membershipId)}`, 'Open the member');
    }
    case 'role':
      return link('/roles', 'Open roles');
    case 'team':
      return link('/teams', 'Open teams');
    case 'invitation':
      return link('/invitations', 'Open invitations');
    case 'system': {
      const slug = verb === 'deleted' ? null : idField(data, 'system', ['slug']);
      return slug ? link(`/systems/${encodeURIComponent(slug)}`, 'Open the system') : link('/systems', 'Open systems');
    }
    case 'access_review': {
      const campaignId = id(['campaignId']) ?? (isObject(data.object) ? idField(data.object, family, ['id']) : null);
      return campaignId
        ? link(`/access-reviews/${encodeURIComponent(campaignId)}`, 'Open the access review')
        : link('/access-reviews', 'Open access reviews');
    }
    case 'audit':
      return link('/audit', 'Open the audit trail');
    default:
      return null;
  }
}

/** "6 Dec 2026, 15:46 UTC"; the raw value when it is not a time. */
export function eventTimeWords(timestamp: string): string {
  const date = new Date(timestamp);
  if (Number.isNaN(date.getTime())) return readable(timestamp) ?? '';
  const day = date.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
  const time = date.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', hour12: false, timeZone: 'UTC' });
  return `${day}, ${time} UTC`;
}

/** Slack's mrkdwn reserves &, < and > (https://api.slack.com/reference/surfaces/formatting#escaping). */
const slackEscape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function slackBody(payload: ChatPayload, context: ChatContext): Record<string, unknown> {
  const title = eventTitle(payload.type);
  const sentence = eventSentence(payload, context.tenantName);
  const link = eventLink(payload, context);
  const blocks: Record<string, unknown>[] = [
    { type: 'header', text: { type: 'plain_text', text: `${title} · ${context.tenantName}`.slice(0, 150), emoji: false } },
    { type: 'section', text: { type: 'mrkdwn', text: slackEscape(sentence) } },
    { type: 'context', elements: [{ type: 'mrkdwn', text: slackEscape(`${eventTimeWords(payload.timestamp)} · Custos`) }] },
  ];
  if (link) {
    blocks.push({ type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: link.label }, url: link.url }] });
  }
  return { text: slackEscape(`${title} (${context.tenantName}): ${sentence}`), blocks };
}

function teamsBody(payload: ChatPayload, context: ChatContext): Record<string, unknown> {
  const title = eventTitle(payload.type);
  const sentence = eventSentence(payload, context.tenantName);
  const link = eventLink(payload, context);
  const card: Record<string, unknown> = {
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    type: 'AdaptiveCard',
    version: '1.4',
    body: [
      { type: 'TextBlock', text: title, weight: 'Bolder', size: 'Medium', wrap: true },
      { type: 'TextBlock', text: sentence, wrap: true },
      {
        type: 'FactSet',
        facts: [
          { title: 'Tenant', value: context.tenantName },
          { title: 'When', value: eventTimeWords(payload.timestamp) },
        ],
      },
    ],
  };
  if (link) card.actions = [{ type: 'Action.OpenUrl', title: link.label, url: link.url }];
  return {
    type: 'message',
    attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', contentUrl: null, content: card }],
  };
}

/**
 * The JSON body for a Slack incoming webhook (`text` + blocks) or a Teams Workflows incoming webhook (a message with
 * one Adaptive Card 1.4 attachment) telling one event in plain words.
 */
export function chatMessageBody(format: ChatFormat, payload: ChatPayload, context: ChatContext): Record<string, unknown> {
  return format === 'slack' ? slackBody(payload, context) : teamsBody(payload, context);
}
