import { INVITATION_STATUS_LABEL, API_KEY_STATUS_LABEL, MEMBER_STATUS_LABEL } from '@/lib/access/labels';
import { describePermission } from '@/lib/access/permission-catalog';
import { humanizeField, shortId } from '@/lib/plain-words';
import {
  BATCH_STATUS_LABEL,
  INSPECTION_RESULT_LABEL,
  INSPECTION_STATUS_LABEL,
  INSPECTION_TYPE_LABEL,
  SIGNATURE_MEANING_LABEL,
} from '@/lib/quality/labels';
import { SERIAL_STATUS_LABEL } from '@/lib/serials/labels';
import { MFA_REQUIRED_LABEL, PLAN_LABEL, TENANT_STATUS_LABEL } from '@/lib/tenancy/labels';

/**
 * The fields and values of an audit event's before/after in plain words: `plannedQuantity` → "Planned quantity",
 * a batch's `status: in_production` → "In production". Field names no map knows are split into words.
 */

const FIELD_LABEL: Record<string, string> = {
  batchNumber: 'Batch number',
  gtin: 'GTIN',
  siteId: 'Site',
  userId: 'Account',
  sessionsEnded: 'Sessions ended',
  lastActiveAt: 'Last used the tenant',
  suspendOn: 'To be suspended on',
  inactiveDaysLimit: 'Days without use allowed',
  deactivatedAt: 'Deactivated on',
  signer: 'Signed by',
  sha256: 'Record hash (SHA-256)',
  lsl: 'Lower limit',
  usl: 'Upper limit',
  retestOf: 'Retest of',
  sessionTimeoutMinutes: 'Session timeout (minutes)',
  signatureRequiresPassword: 'Signature asks for the password',
  mfaRequired: 'Second factor required for',
  totp: 'Authenticator app',
  previousName: 'Previous name',
  deactivateAfterDays: 'Suspend members inactive for (days)',
  passwordPolicy: 'Password rules',
  minLength: 'Minimum length',
  minScore: 'Minimum strength (0–4)',
  historyCount: 'Last passwords remembered',
  maxAgeDays: 'Maximum password age (days)',
  memberAttributes: 'Member attributes',
  grant: 'Granted',
  deny: 'Denied',
  permissions: 'Permissions',
  scopes: 'Scopes',
  seatLimit: 'Seat limit',
  planId: 'Plan',
  id: 'ID',
  url: 'URL',
  events: 'Event types',
  previousSecretValidUntil: 'Previous secret valid until',
  deliveries: 'Deliveries',
};

/** A field of an event in words; a nested path reads "Settings › Session timeout (minutes)". */
export function auditFieldLabel(path: string): string {
  return path
    .split('.')
    .map((segment) => FIELD_LABEL[segment] ?? humanizeField(segment))
    .join(' › ');
}

/** The status words of each kind of record. */
const STATUS_BY_TARGET: Record<string, Record<string, string>> = {
  batch: BATCH_STATUS_LABEL,
  inspection: INSPECTION_STATUS_LABEL,
  tenant: TENANT_STATUS_LABEL,
  member: MEMBER_STATUS_LABEL,
  invitation: INVITATION_STATUS_LABEL,
  api_key: API_KEY_STATUS_LABEL,
  user: { active: 'Active', deactivated: 'Deactivated' },
};

const lookup = (map: Record<string, string>, value: string) => (Object.hasOwn(map, value) ? map[value] : null);

/** Which words a field's values take: by the event's action and target, then by the field's own name. */
function wordsFor(field: string, event: { action: string; targetType: string | null }): Record<string, string> | null {
  if (field === 'status') {
    if (event.action.startsWith('serials.')) return SERIAL_STATUS_LABEL;
    return STATUS_BY_TARGET[event.targetType ?? ''] ?? null;
  }
  if (field === 'meaning') return SIGNATURE_MEANING_LABEL;
  if (field === 'result') return INSPECTION_RESULT_LABEL;
  if (field === 'type' && event.targetType === 'inspection') return INSPECTION_TYPE_LABEL;
  if (field === 'plan' || field === 'planId') return PLAN_LABEL;
  if (field === 'mfaRequired') return MFA_REQUIRED_LABEL;
  return null;
}

/**
 * A value of a field in words, or null when it is not a coded value (free text, a number, a name): a status through
 * its domain's map, a permission key through the catalog's title.
 */
export function auditValueLabel(path: string, value: string, event: { action: string; targetType: string | null }): string | null {
  const field = path.split('.').pop() ?? path;
  const words = wordsFor(field, event);
  if (words) return lookup(words, value);
  if (field === 'permissions' || field === 'grant' || field === 'deny' || field === 'scopes') {
    const info = describePermission(value);
    return info.description === null ? null : info.title;
  }
  return null;
}

/** Whether a field's object value is keyed by coded values (a count per serial status: `{ commissioned: 5 }`). */
export function keyedByValues(path: string, event: { action: string; targetType: string | null }): boolean {
  const field = path.split('.').pop() ?? path;
  return field === 'status' && wordsFor(field, event) !== null;
}

type EventKind = { action: string; targetType: string | null };

/** A value as short plain text for a one-line summary: coded values in words, ids shortened, lists joined. */
export function auditValueText(path: string, value: unknown, event: EventKind): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'number') return value.toLocaleString('en');
  if (typeof value === 'string') return auditValueLabel(path, value, event) ?? shortId(value);
  if (Array.isArray(value)) return value.length === 0 ? 'none' : value.map((v) => auditValueText(path, v, event)).join(', ');
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    if ('meaning' in value && typeof value.meaning === 'string') {
      return `signed (${(auditValueLabel('meaning', value.meaning, event) ?? value.meaning).toLowerCase()})`;
    }
    if (keyedByValues(path, event)) {
      return entries.map(([k, v]) => `${auditValueText('', v, event)} ${(auditValueLabel(path, k, event) ?? k).toLowerCase()}`).join(', ');
    }
    return entries.map(([k, v]) => `${auditFieldLabel(k)}: ${auditValueText(k, v, event)}`).join('; ');
  }
  return JSON.stringify(value);
}
