import type { DigestList, DigestView } from '@/lib/notifications/schemas';

/** Query key and paths of the email digests (settings → Notifications); the page's prefetch uses the same key. */
export type { DigestList, DigestView };

export const digestsKey = (tenant: string) => ['tenant', tenant, 'notification-digests'] as const;
export const digestsPath = (tenant: string) => `/api/v1/tenants/${encodeURIComponent(tenant)}/notification-digests`;
export const digestPath = (tenant: string, id: string) => `${digestsPath(tenant)}/${encodeURIComponent(id)}`;
