import type { Actor } from '@/lib/context';
import type { WebhookEventType } from './event-types';

/**
 * Which audited changes raise which webhook events. Every event is raised where its change is audited
 * (lib/audit/record.ts calls recordWebhookEvents in the same transaction), so an event exists exactly when its
 * change committed. An action missing here raises nothing and costs nothing.
 *
 * `audit.chain.broken` is raised by the audit-chain check and `webhook.test` by "Send test event" directly.
 */
export const EVENTS_FROM_AUDIT: Readonly<Record<string, readonly WebhookEventType[]>> = {
  'invitation.created': ['invitation.created'],
  'invitation.accepted': ['invitation.accepted', 'member.joined'],
  'invitation.revoked': ['invitation.revoked'],
  'invitation.expired': ['invitation.expired'],
  // SCIM provisioning and SSO just-in-time joins both audit member.provisioned.
  'member.provisioned': ['member.joined'],
  'member.updated': ['member.updated'],
  'member.overrides_updated': ['member.updated'],
  'member.suspended': ['member.suspended'],
  'member.reactivated': ['member.reactivated'],
  'member.removed': ['member.removed'],
  'member.second_factors_reset': ['member.mfa_reset'],
  'role.created': ['role.created'],
  'role.updated': ['role.updated'],
  'role.deleted': ['role.deleted'],
  'team.created': ['team.created'],
  'team.updated': ['team.updated'],
  // A team's members changed: the team changed, and so did those members' teams.
  'team.members_updated': ['team.updated', 'member.updated'],
  'team.deleted': ['team.deleted'],
  'system.created': ['system.created'],
  'system.updated': ['system.updated'],
  'system.deleted': ['system.deleted'],
  'batch.created': ['batch.created'],
  'batch.updated': ['batch.updated'],
  'batch.production_started': ['batch.status_changed'],
  'batch.quarantined': ['batch.status_changed'],
  'batch.submitted_for_review': ['batch.status_changed'],
  'batch.rejected': ['batch.status_changed'],
  'batch.released': ['batch.status_changed', 'batch.released'],
  'batch.recalled': ['batch.status_changed', 'batch.recalled'],
  'inspection.approved': ['inspection.reviewed'],
  'inspection.rejected': ['inspection.reviewed'],
  // A campaign started by its schedule audits access_review.started too (createAccessReview), and .recurred beside it.
  'access_review.started': ['access_review.started'],
  'access_review.decisions_signed': ['access_review.decisions_signed'],
  'access_review.escalated': ['access_review.overdue'],
  'access_review.closed': ['access_review.closed'],
  'serials.generated': ['serials.job.completed'],
  'serials.generation_failed': ['serials.job.completed'],
};

/** What an action's events carry besides the object's state. */
const OUTCOME: Readonly<Record<string, Record<string, unknown>>> = {
  'batch.production_started': { move: 'production_started' },
  'batch.quarantined': { move: 'quarantined' },
  'batch.submitted_for_review': { move: 'submitted_for_review' },
  'batch.rejected': { move: 'rejected' },
  'batch.released': { move: 'released' },
  'batch.recalled': { move: 'recalled' },
  'inspection.approved': { decision: 'approved' },
  'inspection.rejected': { decision: 'rejected' },
  'serials.generated': { outcome: 'completed' },
  'serials.generation_failed': { outcome: 'failed' },
};

export function eventTypesForAction(action: string): readonly WebhookEventType[] | undefined {
  return Object.hasOwn(EVENTS_FROM_AUDIT, action) ? EVENTS_FROM_AUDIT[action] : undefined;
}

/**
 * The data of an event raised by an audited change: what changed (`object`: its type and id), the action, its state
 * after (and before, for a removal or an update), who acted and why. `state`/`previous` are the audit entry's
 * snapshots with secrets already masked by the recorder. For members, `member` names the person (user id, email).
 */
export function eventDataFromAudit(entry: {
  action: string;
  targetType: string | null;
  targetId: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  reason: string | null;
  actor: Actor | null;
}): Record<string, unknown> {
  const data: Record<string, unknown> = {
    object: { type: entry.targetType, id: entry.targetId },
    action: entry.action,
    ...OUTCOME[entry.action],
    state: entry.after,
    previous: entry.before,
    actor: entry.actor
      ? { type: entry.actor.type, id: entry.actor.id, name: entry.actor.name }
      : { type: 'anonymous', id: null, name: null },
  };
  if (entry.reason) data.reason = entry.reason;
  if (entry.targetType === 'member') {
    const snapshot = { ...entry.before, ...entry.after };
    data.member = { id: entry.targetId, userId: snapshot.userId ?? null, email: snapshot.email ?? null };
  }
  if (entry.action === 'invitation.accepted') {
    // The person who accepted is the actor; the membership is in the snapshot.
    data.member = { id: entry.after?.membershipId ?? null, userId: entry.actor?.id ?? null, email: entry.after?.email ?? null };
  }
  return data;
}
