import * as client from 'openid-client';
import { env } from '@/lib/platform/env';
import { ssoFetch } from '@/lib/sso/guarded-fetch';

/**
 * Reading an OpenID Provider's discovery document (`/.well-known/openid-configuration`), cached per issuer for a few
 * minutes: a burst of sign-ins costs one request to the provider. openid-client checks the document's `issuer`
 * equals the one asked for. http:// issuers are refused unless SSO_ALLOW_HTTP=1 (tests, local providers).
 */
const CACHE_MS = 5 * 60_000;
const TIMEOUT_SECONDS = 10;

type Cached = { metadata: client.ServerMetadata; expiresAt: number };
const cache = new Map<string, Cached>();

export function httpIssuersAllowed(): boolean {
  return env().SSO_ALLOW_HTTP === '1';
}

/** The issuer as a URL when it is one Custos may talk to, else null (not a URL, not https, or credentials in it). */
export function issuerUrl(issuer: string): URL | null {
  let url: URL;
  try {
    url = new URL(issuer);
  } catch {
    return null;
  }
  if (url.username || url.password || url.hash) return null;
  if (url.protocol === 'https:') return url;
  if (url.protocol === 'http:' && httpIssuersAllowed()) return url;
  return null;
}

/** The provider's metadata, from the cache or fetched now. Throws when the issuer is not allowed or discovery fails. */
export async function discoverIssuer(
  issuer: string,
  options: { fresh?: boolean; allowPrivate?: boolean } = {},
): Promise<client.ServerMetadata> {
  const url = issuerUrl(issuer);
  if (!url) throw new Error('issuer not allowed');
  const key = url.href;
  const hit = cache.get(key);
  if (hit && !options.fresh && hit.expiresAt > Date.now()) return hit.metadata;
  const configuration = await client.discovery(url, 'custos-discovery', undefined, client.None(), {
    timeout: TIMEOUT_SECONDS,
    // Private, loopback and link-local providers are refused in production (lib/sso/guarded-fetch.ts).
    [client.customFetch]: ssoFetch({ allowPrivate: options.allowPrivate }),
    ...(url.protocol === 'http:' ? { execute: [client.allowInsecureRequests] } : {}),
  });
  const metadata = configuration.serverMetadata();
  cache.set(key, { metadata, expiresAt: Date.now() + CACHE_MS });
  return metadata;
}

/**
 * A client configuration for one connection: the cached provider metadata, the connection's client id and secret.
 * The client authenticates at the token endpoint with HTTP Basic (the OAuth default) unless the provider only offers
 * client_secret_post.
 */
export async function oidcClientConfiguration(issuer: string, clientId: string, clientSecret: string): Promise<client.Configuration> {
  const metadata = await discoverIssuer(issuer);
  const methods = metadata.token_endpoint_auth_methods_supported;
  const auth =
    methods && !methods.includes('client_secret_basic') && methods.includes('client_secret_post')
      ? client.ClientSecretPost(clientSecret)
      : client.ClientSecretBasic(clientSecret);
  const configuration = new client.Configuration(metadata, clientId, { client_secret: clientSecret }, auth);
  configuration.timeout = TIMEOUT_SECONDS;
  configuration[client.customFetch] = ssoFetch();
  if (new URL(metadata.issuer).protocol === 'http:') client.allowInsecureRequests(configuration);
  return configuration;
}

/** Forget cached discovery documents (tests restart their provider on another port). */
export function clearDiscoveryCache(): void {
  cache.clear();
}
