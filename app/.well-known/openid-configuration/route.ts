import { handleDiscovery } from '@/lib/oidc-provider/handle-request';

/** OpenID Provider discovery (issuer = APP_URL); its endpoints are under /oidc. */
export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

export const GET = handleDiscovery;
