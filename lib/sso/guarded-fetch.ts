import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { env } from '@/lib/platform/env';
import { forbiddenAddressReason } from '@/lib/platform/outbound-http';

/**
 * Requests Custos makes to a tenant's identity provider (OIDC discovery, token, keys; SAML metadata), guarded against
 * server-side request forgery like webhook deliveries (lib/platform/outbound-http.ts, whose address rules it uses):
 * in production a provider whose address is loopback, private, link-local, shared or cloud metadata is refused.
 *
 * Allowed anyway outside production, with SSO_ALLOW_HTTP=1 (the flag the SSO tests and the browser tests' local
 * identity providers on 127.0.0.1 already set) or with WEBHOOKS_ALLOW_PRIVATE=1 (an on-premises site whose identity
 * provider lives on its own network).
 *
 * The check is made on every address the provider's name resolves to, inside the connection's own lookup, and the
 * connection goes to the address checked (no gap for a name that changes its answer between check and connection).
 */

export function ssoPrivateAddressesAllowed(): boolean {
  const e = env();
  return e.NODE_ENV !== 'production' || e.SSO_ALLOW_HTTP === '1' || e.WEBHOOKS_ALLOW_PRIVATE === '1';
}

/** A provider address refused by the rule above; `reason` in words ("127.0.0.1 is a private, loopback … address"). */
export class SsoAddressRefused extends Error {
  constructor(readonly reason: string) {
    super(`Refused: ${reason}`);
  }
}

/** The refusal somewhere in an error's causes (fetch and openid-client wrap it), or null. */
export function refusalIn(error: unknown): SsoAddressRefused | null {
  for (let e: unknown = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof SsoAddressRefused) return e;
  }
  return null;
}

/** What an identity provider is told when its address is refused (for a 400 naming the field). */
export function refusalWords(refusal: SsoAddressRefused): string {
  return `${refusal.reason}: Custos does not call private, loopback or link-local addresses (an on-premises site allows them with WEBHOOKS_ALLOW_PRIVATE=1).`;
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

type AddressRule = (address: string) => string | null;

const guardedLookup =
  (rule: AddressRule) =>
  (hostname: string, options: { all?: boolean; family?: number }, callback: LookupCallback): void => {
    dnsLookup(hostname, { all: true, family: options.family ?? 0 }, (error, addresses) => {
      if (error) return callback(error, []);
      for (const { address } of addresses) {
        const reason = rule(address);
        if (reason) return callback(new SsoAddressRefused(`${hostname} resolves to ${reason}`), []);
      }
      if (options.all) return callback(null, addresses);
      callback(null, addresses[0].address, addresses[0].family);
    });
  };

/** Larger answers are cut off (metadata is limited to 1 MiB by its reader; discovery documents and keys are small). */
const MAX_RESPONSE_BYTES = 2 * 1024 * 1024;

/** What the SSO code passes to fetch (and openid-client to its customFetch); redirects are never followed either way. */
type FetchInit = {
  method?: string;
  headers?: HeadersInit | Record<string, string>;
  body?: unknown;
  signal?: AbortSignal | null;
  redirect?: 'manual' | 'error' | 'follow';
};

/** A fetch for identity providers: the platform's fetch, or the guarded one; usable as openid-client's customFetch. */
export type SsoFetch = (input: string | URL | Request, init?: FetchInit) => Promise<Response>;

async function bodyBytes(body: unknown): Promise<Buffer | undefined> {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string') return Buffer.from(body);
  if (body instanceof URLSearchParams) return Buffer.from(body.toString());
  if (body instanceof Uint8Array) return Buffer.from(body);
  if (body instanceof ArrayBuffer) return Buffer.from(new Uint8Array(body));
  return Buffer.from(await new Response(body as BodyInit).arrayBuffer());
}

/**
 * fetch() over node:http(s) refusing every address `rule` names a reason for (checked on an IP in the URL, and on
 * every address a name resolves to, in the connection's own lookup); redirects are returned, never followed.
 * Exported for tests, which run it with a rule that allows their local providers.
 */
export const createGuardedFetch =
  (rule: AddressRule) =>
  async (input: string | URL | Request, init: FetchInit = {}): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : input.toString());
    if (url.protocol !== 'https:' && url.protocol !== 'http:')
      throw new TypeError('fetch failed', { cause: new Error('Only http and https') });
    const host = url.hostname.replace(/^\[|\]$/g, '');
    if (isIP(host)) {
      const reason = rule(host);
      if (reason) throw new TypeError('fetch failed', { cause: new SsoAddressRefused(reason) });
    }
    const headers = Object.fromEntries(new Headers(init.headers as HeadersInit).entries());
    const body = await bodyBytes(init.body);
    if (body) headers['content-length'] = String(body.length);
    const send = url.protocol === 'https:' ? https.request : http.request;
    return new Promise<Response>((resolve, reject) => {
      const req = send(
        url,
        {
          method: init.method ?? 'GET',
          headers,
          lookup: guardedLookup(rule) as unknown as http.RequestOptions['lookup'],
          agent: false,
          signal: init.signal ?? undefined,
        },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > MAX_RESPONSE_BYTES) {
              res.destroy();
              reject(new TypeError('fetch failed', { cause: new Error('The answer is too large') }));
              return;
            }
            chunks.push(chunk);
          });
          res.on('error', (error) => reject(new TypeError('fetch failed', { cause: error })));
          res.on('end', () => {
            const responseHeaders = new Headers();
            for (const [name, value] of Object.entries(res.headers)) {
              if (Array.isArray(value)) value.forEach((v) => responseHeaders.append(name, v));
              else if (value !== undefined) responseHeaders.set(name, value);
            }
            const status = res.statusCode ?? 500;
            const nullBody = status === 204 || status === 304 || (init.method ?? 'GET').toUpperCase() === 'HEAD';
            resolve(
              new Response(nullBody ? null : Buffer.concat(chunks), { status, statusText: res.statusMessage, headers: responseHeaders }),
            );
          });
        },
      );
      req.on('error', (error) => reject(new TypeError('fetch failed', { cause: error })));
      req.end(body);
    });
  };

const fetchGuarded = createGuardedFetch(forbiddenAddressReason);

/**
 * The fetch to reach identity providers with: the platform's own fetch where private addresses are allowed (see
 * above), else one that refuses them. `allowPrivate` overrides the environment (tests check the production rule).
 */
export function ssoFetch(options: { allowPrivate?: boolean } = {}): SsoFetch {
  const allowPrivate = options.allowPrivate ?? ssoPrivateAddressesAllowed();
  return allowPrivate ? (globalThis.fetch as unknown as SsoFetch) : fetchGuarded;
}
