import { permissionTitle } from '@/lib/access/permission-catalog';
import type { AccessReviewDecision, AccessReviewRecurrence, AccessReviewStatus } from '@/db/schema/access-reviews';
import type {
  AccessReviewItemList,
  AccessReviewItemView,
  AccessReviewList,
  AccessReviewView,
  SignedReviewDecisions,
} from '@/lib/access-reviews/schemas';

/**
 * Query keys, API paths and words of the access-review pages (`/t/{tenant}/access-reviews`, `/access-reviews/{id}`).
 * The pages' server prefetch and their panels use exactly these keys; a campaign's keys sit under the list's, so a
 * change on the campaign page refreshes the list too. No 'use client': the server pages import the keys.
 */
export type { AccessReviewItemList, AccessReviewItemView, AccessReviewList, AccessReviewView, SignedReviewDecisions };

export const accessReviewsKey = (tenant: string) => ['tenant', tenant, 'access-reviews'] as const;
export const accessReviewKey = (tenant: string, id: string) => [...accessReviewsKey(tenant), 'campaign', id] as const;
/** `me`: the viewer's own items; `all`: everyone's (access_reviews.manage). */
export const reviewItemsKey = (tenant: string, id: string, reviewer: 'me' | 'all') =>
  [...accessReviewKey(tenant, id), 'items', reviewer] as const;

const base = (tenant: string) => `/api/v1/tenants/${encodeURIComponent(tenant)}/access-reviews`;
export const accessReviewsPath = base;
export const accessReviewPath = (tenant: string, id: string) => `${base(tenant)}/${encodeURIComponent(id)}`;
export const reviewItemsPath = (tenant: string, id: string, reviewer: 'me' | 'all') =>
  `${accessReviewPath(tenant, id)}/items?reviewer=${reviewer}`;
export const reviewItemPath = (tenant: string, id: string, itemId: string) =>
  `${accessReviewPath(tenant, id)}/items/${encodeURIComponent(itemId)}`;
export const signDecisionsPath = (tenant: string, id: string) => `${accessReviewPath(tenant, id)}/sign`;
export const closeReviewPath = (tenant: string, id: string) => `${accessReviewPath(tenant, id)}/close`;
export const reportPath = (tenant: string, id: string, format: 'pdf' | 'csv') => `${accessReviewPath(tenant, id)}/report?format=${format}`;

/** The open campaigns whose items the "Waiting for you" list asks for (one request each). */
export const WAITING_CAMPAIGNS_MAX = 20;

export const CAMPAIGN_STATUS_LABEL: Record<AccessReviewStatus, string> = { open: 'Open', closed: 'Closed' };
export const RECURRENCE_LABEL: Record<AccessReviewRecurrence, string> = { none: 'Once', quarterly: 'Quarterly', yearly: 'Yearly' };
export const DECISION_LABEL: Record<AccessReviewDecision, string> = { keep: 'Keep', revoke: 'Revoke', modify: 'Modify' };
export const DECISION_HINT: Record<AccessReviewDecision, string> = {
  keep: 'The access is right as it is.',
  revoke: 'Take away a role, an override, or the whole membership.',
  modify: 'Give the member a new set of roles.',
};

/** Who is reviewed, in words; names of teams and systems when the page knows them. */
export function scopeInWords(
  scope: AccessReviewView['scope'],
  names: { teams?: ReadonlyMap<string, string>; systems?: ReadonlyMap<string, string> } = {},
): string {
  switch (scope.type) {
    case 'all':
      return 'All members';
    case 'team':
      return `Team ${names.teams?.get(scope.teamId) ?? '(a team)'}`;
    case 'system':
      return `Members of system ${names.systems?.get(scope.systemId) ?? '(a system)'}`;
    case 'permissions':
      return `Holders of ${scope.permissions.length === 1 ? permissionTitle(scope.permissions[0]) : `${scope.permissions.length} permissions`}`;
  }
}

/** Who reviews, in words. */
export function reviewersInWords(reviewers: AccessReviewView['reviewers']): string {
  return reviewers.type === 'admins'
    ? 'The admins'
    : `${reviewers.userIds.length} chosen ${reviewers.userIds.length === 1 ? 'person' : 'people'}`;
}
