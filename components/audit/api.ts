export { ApiError, api } from '@/components/api-client';
export type { AuditEventView } from '@/lib/platform-admin/schemas';
import { readTableSort, type TableSortOptions } from '@/components/ui/table-sort';

export type AuditPage = { data: import('@/lib/platform-admin/schemas').AuditEventView[]; nextCursor: string | null };
export type ChainVerification = { valid: boolean; checked: number; brokenAt?: { id: string; seq: number } };

/** The filters of the trail as the URL keeps them (`from`/`to` are dates of the viewer's calendar). */
export const AUDIT_FILTERS = ['actorId', 'action', 'targetType', 'targetId', 'from', 'to'] as const;
export type AuditFilterName = (typeof AUDIT_FILTERS)[number];
export type AuditFilters = Record<AuditFilterName, string>;

/** The trail's one order, by time (`?sort=occurred&dir=`): newest first unless the URL says `dir=asc`. */
export const AUDIT_SORT: TableSortOptions = { default: { id: 'occurred', desc: true }, allowed: ['occurred'] };

type Source = URLSearchParams | Record<string, string | string[] | undefined>;
function first(source: Source, name: string): string {
  const value =
    typeof source.get === 'function'
      ? (source as URLSearchParams).get(name)
      : (source as Record<string, string | string[] | undefined>)[name];
  return ((Array.isArray(value) ? value[0] : value) ?? '').trim();
}

/** The filters the URL names (`useSearchParams()` or a page's `searchParams`): the panel and the server read them alike. */
export function readAuditFilters(source: Source): AuditFilters {
  return Object.fromEntries(AUDIT_FILTERS.map((name) => [name, first(source, name)])) as AuditFilters;
}

/** The direction of the trail the URL names. */
export const readAuditDir = (source: Source): 'asc' | 'desc' => (readTableSort(source, AUDIT_SORT).desc ? 'desc' : 'asc');

export const auditPath = (tenant: string) => `/api/v1/tenants/${encodeURIComponent(tenant)}/audit-events`;
export const auditKey = (tenant: string) => ['tenants', tenant, 'audit-events'] as const;
/** The list's query key: its filters and direction (the page's first-paint prefetch uses exactly this). */
export const auditListKey = (tenant: string, filters: AuditFilters, dir: 'asc' | 'desc') =>
  [...auditKey(tenant), 'list', { ...filters, dir }] as const;

/** A date of the viewer's calendar (`2026-01-31`) as the instant its day starts (or ends) in the viewer's zone. */
function localBound(date: string, end: boolean): string {
  const [y, m, d] = date.split('-').map(Number);
  if (!y || !m || !d) return date;
  const at = end ? new Date(y, m - 1, d, 23, 59, 59, 999) : new Date(y, m - 1, d, 0, 0, 0, 0);
  return Number.isNaN(at.getTime()) ? date : at.toISOString();
}

/** The API's query for these filters: dates become the bounds of the viewer's days. */
export function auditQuery(filters: Partial<AuditFilters>, extra: Record<string, string> = {}): URLSearchParams {
  const qs = new URLSearchParams();
  for (const name of AUDIT_FILTERS) {
    const value = filters[name]?.trim();
    if (!value) continue;
    qs.set(name, name === 'from' || name === 'to' ? localBound(value, name === 'to') : value);
  }
  for (const [k, v] of Object.entries(extra)) qs.set(k, v);
  return qs;
}

/** The actions the product writes, offered in the action filter by kind of record (a kind alone is its prefix: `role.`). */
export const KNOWN_ACTIONS = [
  'api_key.created',
  'api_key.revoked',
  'attachment.added',
  'audit.exported',
  'batch.created',
  'batch.updated',
  'batch.production_started',
  'batch.quarantined',
  'batch.submitted_for_review',
  'batch.released',
  'batch.rejected',
  'batch.recalled',
  'inspection.recorded',
  'inspection.retested',
  'inspection.approved',
  'inspection.rejected',
  'invitation.accepted',
  'invitation.created',
  'invitation.expired',
  'invitation.resent',
  'invitation.revoked',
  'member.overrides_updated',
  'member.removed',
  'member.updated',
  'note.added',
  'role.created',
  'role.deleted',
  'role.updated',
  'session.revoked',
  'signature.failed',
  'site.created',
  'site.updated',
  'site.activated',
  'site.deactivated',
  'system.created',
  'system.deleted',
  'system.updated',
  'team.created',
  'team.deleted',
  'team.members_updated',
  'team.updated',
  'tenant.updated',
];

/** The tone of an action's badge: removals and refusals in red, releases and approvals in green. */
export function actionTone(action: string): 'neutral' | 'success' | 'danger' | 'warning' | 'info' {
  if (/(deleted|removed|revoked|rejected|recalled|failed|wiped_out|suspended|locked)$/.test(action)) return 'danger';
  if (/(released|approved|accepted)$/.test(action)) return 'success';
  if (/(quarantined|exported|expired)$/.test(action)) return 'warning';
  if (/created$|added$|recorded$/.test(action)) return 'info';
  return 'neutral';
}
