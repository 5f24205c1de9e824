import type { SsoConnectionView } from '@/lib/sso/types';

/** The query key of a tenant's SSO connections (the settings panel and the page's prefetch use exactly this). */
export const ssoConnectionsKey = (tenant: string) => ['tenant', tenant, 'sso-connections'] as const;

export type SsoConnection = SsoConnectionView;
