import type { ApiKeyStatus } from './api-key-schemas';
import type { InvitationStatus } from '@/lib/invitations/schemas';
import { humanizeValue } from '@/lib/plain-words';

/**
 * The plain words of access: member, invitation and API-key statuses, and the effects of a member's override.
 * Permissions have their own catalog (lib/access/permission-catalog.ts). Every value has a word
 * (tests/unit/labels.test.ts).
 */

export type MemberStatus = 'active' | 'suspended' | 'removed';
export const MEMBER_STATUS_LABEL: Record<MemberStatus, string> = { active: 'Active', suspended: 'Suspended', removed: 'Removed' };

export const INVITATION_STATUS_LABEL: Record<InvitationStatus, string> = {
  pending: 'Pending',
  accepted: 'Accepted',
  revoked: 'Revoked',
  expired: 'Expired',
};

export const API_KEY_STATUS_LABEL: Record<ApiKeyStatus, string> = { active: 'Active', expired: 'Expired', revoked: 'Revoked' };

/** A stored override (`grant`, `deny`) and the switch's third position (`inherit`: no override). */
export type OverrideEffect = 'inherit' | 'grant' | 'deny';
export const OVERRIDE_EFFECT_LABEL: Record<OverrideEffect, string> = { inherit: 'Inherit', grant: 'Grant', deny: 'Deny' };
/** What each switch position does, for its tooltip and the read-only list. */
export const OVERRIDE_EFFECT_TEXT: Record<OverrideEffect, string> = {
  inherit: 'No override: roles and teams decide.',
  grant: 'Allowed for this member, whatever their roles say.',
  deny: 'Denied for this member, whatever their roles and teams grant.',
};

/**
 * Why a key is not allowed, in words after "Denied" (the `decidedBy` of a member's permissions, the `reason` of
 * authorize; lib/access/evaluate.ts `explain`): a deny on the member, nothing giving it, or its system switched off.
 */
export type DenialReason = 'deny' | 'default_deny' | 'system_inactive';
export const DENIAL_REASON_TEXT: Record<DenialReason, string> = {
  deny: 'explicitly denied',
  default_deny: 'no role, team or grant gives it',
  system_inactive: 'its system is switched off, so no one may use its keys',
};

/** Who may act (audit events and sessions): a person, an API key, Custos itself or nobody signed in. */
export type ActorType = 'user' | 'api_key' | 'system' | 'anonymous';
export const ACTOR_TYPE_LABEL: Record<ActorType, string> = {
  user: 'Person',
  api_key: 'API key',
  system: 'Custos',
  anonymous: 'Not signed in',
};

const lookup =
  <K extends string>(map: Record<K, string>) =>
  (value: string): string =>
    Object.hasOwn(map, value) ? map[value as K] : humanizeValue(value);

export const memberStatusLabel = lookup(MEMBER_STATUS_LABEL);
export const invitationStatusLabel = lookup(INVITATION_STATUS_LABEL);
export const apiKeyStatusLabel = lookup(API_KEY_STATUS_LABEL);
export const actorTypeLabel = lookup(ACTOR_TYPE_LABEL);
/** The words of a denial reason; null for a reason that allows (`role:…`, `team:…`, `grant`). */
export const denialReasonText = (reason: string): string | null =>
  Object.hasOwn(DENIAL_REASON_TEXT, reason) ? DENIAL_REASON_TEXT[reason as DenialReason] : null;
