import { handleScim } from '@/lib/scim/handle';

/**
 * SCIM 2.0 (RFC 7644) for a tenant's directory at /scim/v2/{tenant}: Users (members), Groups (teams),
 * ServiceProviderConfig, Schemas and ResourceTypes. Bearer SCIM tokens only (lib/scim/handle.ts); no cookies, so no
 * cross-origin write can ride on a browser's session.
 */
type Context = { params: Promise<{ tenant?: string; path?: string[] }> };

const handler = async (request: Request, context: Context) => handleScim(request, await context.params);

export const dynamic = 'force-dynamic';
export const GET = handler;
export const POST = handler;
export const PUT = handler;
export const PATCH = handler;
export const DELETE = handler;
