import type { OidcClientList, OidcClientView, OidcClientWithSecret } from '@/lib/oidc-clients/schemas';
import type { SystemView } from '@/lib/access/role-schemas';
import { auditKey } from '@/components/audit/api';
import { systemsKey } from './api';

/**
 * Query keys and shapes of one system's page (`/t/{tenant}/systems/{slug}`). The page's server prefetch and its
 * panels use exactly these keys. They sit under the systems list's key, so a change here refreshes the list too.
 */

/** The system as GET systems/{slug} answers it; `active` once the systems API carries it. */
export type SystemDetail = SystemView & { active?: boolean };
export type OidcClient = OidcClientView;
export type { OidcClientList, OidcClientWithSecret };

export const systemDetailKey = (tenant: string, slug: string) => [...systemsKey(tenant), 'detail', slug] as const;
export const systemClientsKey = (tenant: string, slug: string) => [...systemDetailKey(tenant, slug), 'clients'] as const;
/** Every role of the tenant (the page shows the system's own): the roles API has no system filter. */
export const systemRolesKey = (tenant: string, slug: string) => [...systemDetailKey(tenant, slug), 'roles'] as const;
/** The last sign-ins through the system's clients, from the tenant's audit trail (keyed by the slug the page has). */
export const recentSignInsKey = (tenant: string, slug: string) => [...auditKey(tenant), 'system-sign-ins', slug] as const;

export const systemPath = (tenant: string, slug: string) =>
  `/api/v1/tenants/${encodeURIComponent(tenant)}/systems/${encodeURIComponent(slug)}`;
export const clientsPath = (tenant: string, slug: string) => `${systemPath(tenant, slug)}/clients`;
export const clientPath = (tenant: string, slug: string, clientId: string) =>
  `${clientsPath(tenant, slug)}/${encodeURIComponent(clientId)}`;

/** The audit query of the recent sign-ins panel: the provider records `oidc.signed_in` on the system. */
export const RECENT_SIGN_INS_LIMIT = 20;
export function recentSignInsQuery(systemId: string) {
  return { action: 'oidc.signed_in', targetType: 'system', targetId: systemId, limit: String(RECENT_SIGN_INS_LIMIT) };
}
