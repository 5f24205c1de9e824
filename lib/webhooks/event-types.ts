/**
 * The events Custos sends to webhook endpoints and notification channels: one list of data, each type with the
 * family it belongs to and a sentence for the console, the API document and the README. An endpoint subscribes to
 * types (`member.removed`), whole families (`batch.*`) or everything (`*`).
 *
 * Which change raises which type: lib/webhooks/events-from-audit.ts (every event is raised where the change is
 * audited, in the same transaction). `webhook.test` is only ever sent by "Send test event" and cannot be chosen.
 */
export const WEBHOOK_EVENT_TYPES = [
  { type: 'member.joined', description: 'Someone became a member: accepted an invitation, provisioned by SCIM or SSO.' },
  { type: 'member.updated', description: 'A member’s roles, teams, permission overrides or attributes changed.' },
  { type: 'member.suspended', description: 'A member was suspended (by an admin or for dormancy).' },
  { type: 'member.reactivated', description: 'A suspended member was reactivated.' },
  { type: 'member.removed', description: 'A member was removed from the tenant.' },
  { type: 'member.mfa_reset', description: 'An admin reset a member’s second factors (authenticator app, passkeys, recovery codes).' },
  { type: 'role.created', description: 'A role was created.' },
  { type: 'role.updated', description: 'A role’s name, description or permissions changed.' },
  { type: 'role.deleted', description: 'A role was deleted.' },
  { type: 'team.created', description: 'A team was created.' },
  { type: 'team.updated', description: 'A team’s name, description or members changed.' },
  { type: 'team.deleted', description: 'A team was deleted.' },
  { type: 'system.created', description: 'A downstream system was connected.' },
  { type: 'system.updated', description: 'A downstream system changed (name, active or not).' },
  { type: 'system.deleted', description: 'A downstream system was removed.' },
  { type: 'invitation.created', description: 'An invitation was sent.' },
  { type: 'invitation.accepted', description: 'An invitation was accepted.' },
  { type: 'invitation.revoked', description: 'An invitation was revoked.' },
  { type: 'invitation.expired', description: 'An invitation expired unused.' },
  { type: 'batch.created', description: 'A batch was planned.' },
  { type: 'batch.updated', description: 'A batch’s record was corrected.' },
  { type: 'batch.status_changed', description: 'A batch moved in its lifecycle (every move, release and recall included).' },
  { type: 'batch.released', description: 'A batch was released (signed by QA).' },
  { type: 'batch.recalled', description: 'A released batch was recalled.' },
  { type: 'inspection.reviewed', description: 'A QA inspection was approved or rejected (signed).' },
  {
    type: 'access_review.started',
    description: 'An access review started, by an admin or on its schedule: who reviews whom, and by when.',
  },
  {
    type: 'access_review.decisions_signed',
    description: 'A reviewer signed their decisions; what they revoked or changed took effect (raising member events too).',
  },
  { type: 'access_review.overdue', description: 'An access review passed its due date with items open; its admins were told.' },
  { type: 'access_review.closed', description: 'An access review was closed and its report signed.' },
  { type: 'serials.job.completed', description: 'A serial-generation job finished (completed or failed).' },
  { type: 'audit.chain.broken', description: 'Verification found the tenant’s audit trail altered.' },
] as const;

export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number]['type'];

/** Sent only by "Send test event", to the one endpoint asked; not subscribable. */
export const TEST_EVENT_TYPE = 'webhook.test';

/** The families (`member`, `batch`, …) in catalog order. */
export const WEBHOOK_EVENT_FAMILIES = [...new Set(WEBHOOK_EVENT_TYPES.map((e) => e.type.split('.')[0]))];

export function isWebhookEventType(value: string): value is WebhookEventType {
  return WEBHOOK_EVENT_TYPES.some((e) => e.type === value);
}

/** What an endpoint may subscribe to: a type of the catalog, a family of it (`batch.*`), or `*`. */
export function isEventTypePattern(value: string): boolean {
  if (value === '*') return true;
  if (value.endsWith('.*')) return WEBHOOK_EVENT_FAMILIES.includes(value.slice(0, -2));
  return isWebhookEventType(value);
}

/** Whether a subscription pattern takes an event type (the SQL of lib/webhooks/record-event.ts says the same). */
export function patternMatches(pattern: string, type: string): boolean {
  if (pattern === '*') return true;
  if (pattern.endsWith('.*')) return type.startsWith(pattern.slice(0, -1));
  return pattern === type;
}

/** The catalog types a list of subscription patterns covers (the console's checkboxes). */
export function typesCoveredBy(patterns: readonly string[]): Set<string> {
  return new Set(WEBHOOK_EVENT_TYPES.map((e) => e.type).filter((type) => patterns.some((p) => patternMatches(p, type))));
}

/**
 * The patterns a set of chosen types stands for: every type is `*`, a whole family is `family.*` (so types added to
 * it later are included too), else the types one by one.
 */
export function patternsForChosenTypes(chosen: ReadonlySet<string>): string[] {
  if (WEBHOOK_EVENT_TYPES.every((e) => chosen.has(e.type))) return ['*'];
  const patterns: string[] = [];
  for (const family of WEBHOOK_EVENT_FAMILIES) {
    const types = WEBHOOK_EVENT_TYPES.filter((e) => e.type.startsWith(`${family}.`)).map((e) => e.type);
    if (types.every((t) => chosen.has(t))) patterns.push(`${family}.*`);
    else patterns.push(...types.filter((t) => chosen.has(t)));
  }
  return patterns;
}
