import { ACTOR_TYPE_LABEL } from '@/lib/access/labels';
import { humanizeValue, shortId } from '@/lib/plain-words';

/**
 * Audit events in plain words. Every action Custos writes (`<target>.<verb>`, lib/ and auth.ts) has a short
 * label ("Batch released", for badges and the action filter) and a sentence with the actor and the target:
 * "Ada Admin released batch ACM2607004", "Ben Manager changed role Viewer". tests/unit/audit-action-labels.test.ts
 * scans the recorders and fails when an action has no entry here.
 *
 * In a sentence template `{actor}` is who acted, `{target}` the target with its kind ("batch ACM2607004",
 * "role Viewer"), and `{name}` the target's name alone (falling back to `{target}` when the event does not name it).
 */
type ActionWords = { label: string; sentence: string };

export const AUDIT_ACTION_LABELS = {
  // Access
  'api_key.created': { label: 'API key created', sentence: '{actor} created {target}' },
  'api_key.revoked': { label: 'API key revoked', sentence: '{actor} revoked {target}' },
  'scim_token.created': { label: 'SCIM token created', sentence: '{actor} created {target}' },
  'scim_token.revoked': { label: 'SCIM token revoked', sentence: '{actor} revoked {target}' },
  'role.created': { label: 'Role created', sentence: '{actor} created {target}' },
  'role.updated': { label: 'Role changed', sentence: '{actor} changed {target}' },
  'role.deleted': { label: 'Role deleted', sentence: '{actor} deleted {target}' },
  'system.created': { label: 'System connected', sentence: '{actor} connected {target}' },
  'system.updated': { label: 'System changed', sentence: '{actor} changed {target}' },
  'system.deleted': { label: 'System removed', sentence: '{actor} removed {target}' },
  'oidc_client.created': { label: 'OpenID client added', sentence: '{actor} added {target}' },
  'oidc_client.updated': { label: 'OpenID client changed', sentence: '{actor} changed {target}' },
  'oidc_client.secret_rotated': { label: 'OpenID client secret rotated', sentence: '{actor} gave {target} a new secret' },
  'oidc_client.deleted': { label: 'OpenID client deleted', sentence: '{actor} deleted {target}' },
  'webhook_endpoint.created': { label: 'Webhook endpoint added', sentence: '{actor} added {target}' },
  'webhook_endpoint.updated': { label: 'Webhook endpoint changed', sentence: '{actor} changed {target}' },
  'webhook_endpoint.deleted': { label: 'Webhook endpoint deleted', sentence: '{actor} deleted {target}' },
  'webhook_endpoint.secret_rotated': { label: 'Webhook secret rotated', sentence: '{actor} gave {target} a new signing secret' },
  'webhook_endpoint.replayed': { label: 'Webhook deliveries sent again', sentence: '{actor} sent deliveries to {target} again' },
  'webhook_endpoint.test_sent': { label: 'Webhook test event sent', sentence: '{actor} sent a test event to {target}' },
  'webhook_endpoint.disabled': {
    label: 'Webhook endpoint switched off',
    sentence: '{actor} switched off {target} after it failed for days',
  },
  'task.created': { label: 'Task created', sentence: '{actor} created {target}' },
  'task.updated': { label: 'Task changed', sentence: '{actor} changed {target}' },
  'task.assigned': { label: 'Task assigned', sentence: '{actor} assigned {target}' },
  'task.completed': { label: 'Task done', sentence: '{actor} marked {target} done' },
  'access_review.started': { label: 'Access review started', sentence: '{actor} started {target}' },
  'access_review.item_decided': { label: 'Access review decision made', sentence: '{actor} decided on a member in {target}' },
  'access_review.decisions_signed': { label: 'Access review decisions signed', sentence: '{actor} signed their decisions in {target}' },
  'access_review.change_applied': {
    label: 'Access changed by a review',
    sentence: '{actor} changed the access of {target} as their signed review decided',
  },
  'access_review.closed': { label: 'Access review closed', sentence: '{actor} closed and signed {target}' },
  'access_review.report_exported': { label: 'Access review report downloaded', sentence: '{actor} downloaded the report of {target}' },
  'access_review.reminded': { label: 'Access review reminder sent', sentence: '{actor} reminded the reviewers of {target}' },
  'access_review.escalated': { label: 'Overdue access review escalated', sentence: '{actor} told the admins that {target} is overdue' },
  'access_review.recurred': { label: 'Next access review started', sentence: '{actor} started the next campaign after {target}' },
  'oidc.signed_in': { label: 'Signed in to a system', sentence: '{actor} signed in to {target} through Custos' },
  'oidc.consent_granted': {
    label: 'Access allowed to an application',
    sentence: '{actor} allowed an application of {target} to see their account',
  },
  'member.updated': { label: 'Member’s roles changed', sentence: '{actor} changed the roles and teams of {target}' },
  'member.overrides_updated': { label: 'Member’s overrides changed', sentence: '{actor} changed the permission overrides of {target}' },
  'member.second_factors_reset': { label: 'Second factors reset', sentence: '{actor} reset the second factors of {target}' },
  'member.removed': { label: 'Member removed', sentence: '{actor} removed {target}' },
  'member.provisioned': { label: 'Member provisioned', sentence: '{actor} added {target} from the directory' },
  'member.suspended': { label: 'Member suspended', sentence: '{actor} suspended {target}' },
  'member.reactivated': { label: 'Member reactivated', sentence: '{actor} reactivated {target}' },
  'member.dormancy_warned': { label: 'Dormancy warning sent', sentence: '{actor} warned {target} that their access will be suspended' },
  'members.exported': { label: 'Members exported', sentence: '{actor} exported the members list' },
  'team.created': { label: 'Team created', sentence: '{actor} created {target}' },
  'team.updated': { label: 'Team changed', sentence: '{actor} changed {target}' },
  'team.members_updated': { label: 'Team members changed', sentence: '{actor} changed the members of {target}' },
  'team.deleted': { label: 'Team deleted', sentence: '{actor} deleted {target}' },
  'invitation.created': { label: 'Invitation sent', sentence: '{actor} invited {name}' },
  'invitation.resent': { label: 'Invitation resent', sentence: '{actor} resent the invitation to {name}' },
  'invitation.revoked': { label: 'Invitation revoked', sentence: '{actor} revoked the invitation to {name}' },
  'invitation.accepted': { label: 'Invitation accepted', sentence: '{actor} accepted the invitation' },
  'invitation.expired': { label: 'Invitation expired', sentence: 'The invitation to {name} expired' },
  // Tenant
  'tenant.created': { label: 'Tenant created', sentence: '{actor} created {target}' },
  'tenant.updated': { label: 'Tenant settings changed', sentence: '{actor} changed the settings of {target}' },
  'tenant.plan_changed': { label: 'Plan changed', sentence: '{actor} changed the plan of {target}' },
  'tenant.suspended': { label: 'Tenant suspended', sentence: '{actor} suspended {target}' },
  'tenant.reactivated': { label: 'Tenant reactivated', sentence: '{actor} reactivated {target}' },
  'tenant.wiped_out': { label: 'Tenant wiped out', sentence: '{actor} wiped out {target}' },
  'audit.exported': { label: 'Audit trail exported', sentence: '{actor} exported the audit trail' },
  'audit.chain_broken': { label: 'Audit trail altered', sentence: '{actor} found the audit trail of {target} altered' },
  // Notifications
  'notification_digest.created': { label: 'Email digest added', sentence: '{actor} added {target}' },
  'notification_digest.updated': { label: 'Email digest changed', sentence: '{actor} changed {target}' },
  'notification_digest.deleted': { label: 'Email digest deleted', sentence: '{actor} deleted {target}' },
  // Batch record
  'site.created': { label: 'Site created', sentence: '{actor} created {target}' },
  'site.updated': { label: 'Site corrected', sentence: '{actor} corrected {target}' },
  'site.activated': { label: 'Site in use again', sentence: '{actor} put {target} back in use' },
  'site.deactivated': { label: 'Site out of use', sentence: '{actor} took {target} out of use' },
  'batch.created': { label: 'Batch planned', sentence: '{actor} planned {target}' },
  'batch.updated': { label: 'Batch corrected', sentence: '{actor} corrected {target}' },
  'batch.production_started': { label: 'Production started', sentence: '{actor} started production of {target}' },
  'batch.quarantined': { label: 'Quarantined', sentence: '{actor} moved {target} to quarantine' },
  'batch.submitted_for_review': { label: 'Submitted for review', sentence: '{actor} submitted {target} for review' },
  'batch.released': { label: 'Released', sentence: '{actor} released {target}' },
  'batch.rejected': { label: 'Rejected', sentence: '{actor} rejected {target}' },
  'batch.recalled': { label: 'Recalled', sentence: '{actor} recalled {target}' },
  'batch.exported': { label: 'Batch record exported', sentence: '{actor} exported the record of {target}' },
  'inspection.recorded': { label: 'Inspection recorded', sentence: '{actor} recorded {target}' },
  'inspection.retested': { label: 'Retest recorded', sentence: '{actor} recorded a retest, {target}' },
  'inspection.approved': { label: 'Inspection approved', sentence: '{actor} approved {target}' },
  'inspection.rejected': { label: 'Inspection rejected', sentence: '{actor} rejected {target}' },
  'signature.failed': { label: 'Signature refused', sentence: '{actor} could not sign {target}: wrong password' },
  'note.added': { label: 'Note added', sentence: '{actor} added a note to {target}' },
  'note.edited': { label: 'Note edited', sentence: '{actor} edited a note on {target}' },
  'attachment.added': { label: 'File attached', sentence: '{actor} attached a file to {target}' },
  'serials.generation_requested': { label: 'Serials requested', sentence: '{actor} requested serials for {target}' },
  'serials.generation_resumed': { label: 'Serial generation resumed', sentence: 'Serial generation for {target} resumed' },
  'serials.generation_interrupted': { label: 'Serial generation interrupted', sentence: 'Serial generation for {target} was interrupted' },
  'serials.generation_failed': { label: 'Serial generation failed', sentence: 'Serial generation for {target} failed' },
  'serials.generated': { label: 'Serials generated', sentence: 'Serials were generated for {target}' },
  'serials.status_changed': { label: 'Serial status changed', sentence: '{actor} changed the status of serials of {target}' },
  'serials.recalled': { label: 'Serials recalled', sentence: '{actor} recalled the serials of {target}' },
  // Single sign-on and verified domains
  'sso_connection.created': { label: 'Sign-in provider added', sentence: '{actor} added {target}' },
  'sso_connection.updated': { label: 'Sign-in provider changed', sentence: '{actor} changed {target}' },
  'sso_connection.deleted': { label: 'Sign-in provider removed', sentence: '{actor} removed {target}' },
  'sso.signed_in': { label: 'Signed in with company account', sentence: '{actor} signed in with their company account' },
  'sso.sign_in_failed': { label: 'Company sign-in failed', sentence: 'A sign-in through {target} was refused' },
  'domain.added': { label: 'Domain added', sentence: '{actor} added {target}' },
  'domain.verified': { label: 'Domain verified', sentence: '{actor} verified {target}' },
  'domain.removed': { label: 'Domain removed', sentence: '{actor} removed {target}' },
  // Accounts and sessions (the platform trail)
  'user.created': { label: 'Account created', sentence: 'An account was created for {name}' },
  'user.registered': { label: 'Signed up', sentence: '{actor} signed up' },
  'user.account_linked': { label: 'Sign-in method linked', sentence: '{actor} linked a sign-in method' },
  'user.email_verified': { label: 'Email address confirmed', sentence: '{actor} confirmed their email address' },
  'user.verification_resent': { label: 'Confirmation mail resent', sentence: 'The confirmation mail to {name} was sent again' },
  'user.signed_in': { label: 'Signed in', sentence: '{actor} signed in' },
  'user.signed_out': { label: 'Signed out', sentence: '{actor} signed out' },
  'user.sign_in_failed': { label: 'Sign-in failed', sentence: 'A sign-in as {name} failed' },
  'user.locked': { label: 'Sign-in paused', sentence: 'Sign-in for {name} was paused after failed attempts' },
  'user.unlocked': { label: 'Sign-in pause lifted', sentence: 'The sign-in pause for {name} was lifted' },
  'user.password_changed': { label: 'Password changed', sentence: '{actor} changed their password' },
  'user.password_reset_requested': { label: 'Password reset requested', sentence: 'A password reset was requested for {name}' },
  'user.password_reset': { label: 'Password reset', sentence: 'The password of {name} was reset' },
  'user.profile_updated': { label: 'Profile changed', sentence: '{actor} changed their profile' },
  'user.avatar_updated': { label: 'Picture changed', sentence: '{actor} changed their picture' },
  'user.avatar_removed': { label: 'Picture removed', sentence: '{actor} removed their picture' },
  'user.mfa_totp_enabled': { label: 'Authenticator app added', sentence: '{actor} added an authenticator app' },
  'user.mfa_totp_removed': { label: 'Authenticator app removed', sentence: '{actor} removed their authenticator app' },
  'user.mfa_passkey_added': { label: 'Passkey added', sentence: '{actor} added a passkey' },
  'user.mfa_passkey_renamed': { label: 'Passkey renamed', sentence: '{actor} renamed a passkey' },
  'user.mfa_passkey_removed': { label: 'Passkey removed', sentence: '{actor} removed a passkey' },
  'user.mfa_passkey_used': { label: 'Passkey used', sentence: 'A passkey of {name} was used' },
  'user.mfa_passkey_refused': { label: 'Passkey refused', sentence: 'A passkey of {name} was refused' },
  'user.mfa_recovery_codes_regenerated': { label: 'Recovery codes replaced', sentence: '{actor} made new recovery codes' },
  'user.recovery_code_used': { label: 'Recovery code used', sentence: 'A recovery code of {name} was used' },
  'user.second_factor_failed': { label: 'Second factor refused', sentence: 'A wrong second-factor code was entered for {name}' },
  'user.second_factor_locked': { label: 'Second-factor codes paused', sentence: 'Codes for {name} were paused after wrong attempts' },
  'user.deactivated': { label: 'Account deactivated', sentence: '{actor} deactivated the account of {name}' },
  'user.reactivated': { label: 'Account reactivated', sentence: '{actor} reactivated the account of {name}' },
  'user.platform_admin_granted': { label: 'Platform admin granted', sentence: '{actor} made {name} a platform admin' },
  'users.inactive_deleted': { label: 'Inactive accounts deleted', sentence: '{actor} deleted accounts that were never used' },
  'job.retried': { label: 'Background job retried', sentence: '{actor} ran a failed background job again' },
  'session.revoked': { label: 'Session ended', sentence: '{actor} ended a session' },
  'session.refresh_reused': { label: 'Refresh token reused', sentence: 'A refresh token was used twice, so its session was ended' },
} satisfies Record<string, ActionWords>;

export type KnownAuditAction = keyof typeof AUDIT_ACTION_LABELS;

export const isKnownAuditAction = (action: string): action is KnownAuditAction => Object.hasOwn(AUDIT_ACTION_LABELS, action);

/** The kinds of record an event can be about, in words (also the target-type filter's options). */
export const TARGET_TYPE_LABEL: Record<string, string> = {
  access_review: 'access review',
  api_key: 'API key',
  attachment: 'file',
  audit_trail: 'audit trail',
  batch: 'batch',
  domain: 'domain',
  inspection: 'inspection',
  invitation: 'invitation',
  job: 'background job',
  member: 'member',
  notification_digest: 'email digest',
  oidc_client: 'OpenID client',
  role: 'role',
  scim_token: 'SCIM token',
  session: 'session',
  sso_connection: 'sign-in provider',
  site: 'site',
  system: 'system',
  task: 'task',
  team: 'team',
  tenant: 'tenant',
  user: 'account',
  webhook_endpoint: 'webhook endpoint',
};

/** A target type in words: "API key"; capitalised for a heading or an option ("API key", "Batch"). */
export function targetTypeLabel(type: string, capitalised = false): string {
  const word = TARGET_TYPE_LABEL[type] ?? humanizeValue(type).toLowerCase();
  return capitalised ? word[0].toUpperCase() + word.slice(1) : word;
}

/** The short label of an action ("Batch released"); an unknown action reads as words, never as `a.b_c`. */
export function auditActionLabel(action: string): string {
  if (isKnownAuditAction(action)) return AUDIT_ACTION_LABELS[action].label;
  const [target, ...verb] = action.split('.');
  return humanizeValue(`${target} ${verb.join(' ')}`);
}

/** The fields of an event the sentence needs. */
export type AuditEventWords = {
  action: string;
  actor: { type: string; id?: string | null; name: string | null };
  targetType: string | null;
  targetId: string | null;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
};

/** Fields of a snapshot that name a record, best first. */
const NAME_FIELDS = ['batchNumber', 'name', 'email', 'slug', 'code', 'prefix', 'title'] as const;

/** The name of the event's target when the event carries it (a snapshot's batch number, name, email …). */
export function targetNameOf(event: AuditEventWords): string | null {
  for (const side of [event.after, event.before]) {
    if (!side) continue;
    for (const field of NAME_FIELDS) {
      const value = side[field];
      if (typeof value === 'string' && value.trim()) return value;
    }
  }
  return null;
}

/**
 * Who acted, in words that can start a sentence: the printed name, else "Custos" (the system), "An API key",
 * "A person" (someone signed in whose profile has no name), "Someone" (not signed in).
 */
export function actorWords(actor: AuditEventWords['actor']): string {
  if (actor.name?.trim()) return actor.type === 'api_key' ? `API key ${actor.name}` : actor.name;
  if (actor.type === 'system') return ACTOR_TYPE_LABEL.system;
  if (actor.type === 'api_key') return 'An API key';
  if (actor.type === 'user') return 'A person';
  return 'Someone';
}

/** A piece of a sentence: plain text, the actor, or the target (its kind, and its name or else its id). */
export type SentencePart =
  | { kind: 'text'; text: string }
  | { kind: 'actor'; text: string }
  | { kind: 'target'; type: string | null; name: string | null; id: string | null };

/**
 * The event as a sentence in parts, so the console can show the actor in bold and an unnamed target's id shortened
 * with a copy button. `targetName` names the target when the caller knows it (the batch page knows its number).
 */
export function auditSentenceParts(event: AuditEventWords, targetName?: string | null): SentencePart[] {
  const template = isKnownAuditAction(event.action)
    ? AUDIT_ACTION_LABELS[event.action].sentence
    : `{actor}: ${auditActionLabel(event.action).toLowerCase()}${event.targetType ? ', {target}' : ''}`;
  const name = targetName ?? targetNameOf(event);
  const parts: SentencePart[] = [];
  const pieces = template.split(/(\{actor\}|\{target\}|\{name\})/).filter(Boolean);
  pieces.forEach((piece, index) => {
    if (piece === '{actor}') parts.push({ kind: 'actor', text: actorWords(event.actor) });
    else if (piece === '{target}' || piece === '{name}') {
      const withType = piece === '{target}' || !name;
      parts.push({ kind: 'target', type: withType ? event.targetType : null, name, id: event.targetId });
    } else parts.push({ kind: 'text', text: index === 0 ? piece[0].toUpperCase() + piece.slice(1) : piece });
  });
  return parts;
}

/** The words of a target part: "batch ACM2607004", "role Viewer", "batch 3f9a2c1e" (a short id), "the tenant". */
export function targetWords(part: Extract<SentencePart, { kind: 'target' }>): string {
  const label = part.name ?? (part.id ? shortId(part.id) : null);
  const type = part.type ? targetTypeLabel(part.type) : null;
  if (type && label) return `${type} ${label}`;
  return label ?? (type ? `the ${type}` : 'a record');
}

/** The event as one plain sentence (ids shortened): "Ada Admin released batch ACM2607004". */
export function auditSentence(event: AuditEventWords, targetName?: string | null): string {
  return auditSentenceParts(event, targetName)
    .map((part) => (part.kind === 'target' ? targetWords(part) : part.text))
    .join('');
}
