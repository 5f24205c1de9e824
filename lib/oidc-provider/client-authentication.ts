import { createHash, timingSafeEqual } from 'node:crypto';
import { findClientForProvider, type ProviderClient } from '@/lib/oidc-clients/find-client-for-provider';

/**
 * Client authentication at the token endpoints Custos answers itself (introspection and revocation of its JWT access
 * tokens), as oidc-provider does it for the rest: `client_secret_basic` (RFC 6749 §2.3.1: id and secret
 * form-urlencoded, then Basic) or `client_secret_post`, never both; a public client names itself with `client_id`
 * alone. Secrets are compared in constant time (over their SHA-256, so the length leaks nothing either).
 */
export type ClientAuthentication =
  | { ok: true; client: ProviderClient; method: 'client_secret_basic' | 'client_secret_post' | 'none' }
  | { ok: false; status: 400 | 401; error: 'invalid_request' | 'invalid_client'; description: string; basic: boolean };

export async function authenticateClient(authorization: string | null, body: URLSearchParams): Promise<ClientAuthentication> {
  const basic = authorization !== null;
  const refuse = (status: 400 | 401, error: 'invalid_request' | 'invalid_client', description: string): ClientAuthentication => ({
    ok: false,
    status,
    error,
    description,
    basic,
  });
  let clientId = body.get('client_id');
  let secret: string | null = null;
  let method: 'client_secret_basic' | 'client_secret_post' | 'none';
  if (authorization !== null) {
    if (body.get('client_secret') !== null)
      return refuse(400, 'invalid_request', 'client authentication must only be provided using one mechanism');
    const decoded = decodeBasic(authorization);
    if (!decoded) return refuse(400, 'invalid_request', 'invalid authorization header value format');
    if (clientId !== null && clientId !== decoded.id) return refuse(400, 'invalid_request', 'client_id mismatch');
    clientId = decoded.id;
    secret = decoded.secret;
    method = 'client_secret_basic';
  } else if (body.get('client_secret') !== null) {
    secret = body.get('client_secret');
    method = 'client_secret_post';
  } else {
    method = 'none';
  }
  if (!clientId) return refuse(400, 'invalid_request', 'no client authentication mechanism provided');
  const client = await findClientForProvider(clientId);
  if (!client) return refuse(401, 'invalid_client', 'client authentication failed');
  if (client.type === 'public') {
    if (method !== 'none') return refuse(401, 'invalid_client', 'client authentication failed');
    return { ok: true, client, method };
  }
  if (method === 'none' || secret === null || client.secret === null || !sameSecret(secret, client.secret)) {
    return refuse(401, 'invalid_client', 'client authentication failed');
  }
  return { ok: true, client, method };
}

function decodeBasic(header: string): { id: string; secret: string } | null {
  const [scheme, value, ...rest] = header.split(' ');
  if (rest.length > 0 || scheme?.toLowerCase() !== 'basic' || !value) return null;
  const decoded = Buffer.from(value, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  try {
    const formDecode = (part: string) => decodeURIComponent(part.replace(/\+/g, '%20'));
    return { id: formDecode(decoded.slice(0, colon)), secret: formDecode(decoded.slice(colon + 1)) };
  } catch {
    return null;
  }
}

function sameSecret(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}
