/**
 * A typed client of the Custos API: openapi-fetch over the generated types in ./schema.d.ts (`npm run sdk`).
 *
 *   const custos = createCustosClient({ baseUrl: 'https://custos.example.com', token: accessToken });
 *   const { data, error } = await custos.GET('/api/v1/tenants/{tenant}/batches', { params: { path: { tenant: 'acme-pharma' } } });
 *
 * Paths, parameters, bodies and answers are checked by TypeScript; `error` is the problem+json body of a failure.
 * Downloads (CSV, PDF) are read with `parseAs: 'text'` or `'blob'`.
 */
import createClient, { type Client } from 'openapi-fetch';
import type { components, operations, paths } from './schema';

export type { components, operations, paths };
/** The named schemas of the document: `Schemas['Batch']`, `Schemas['MemberPage']`, `Schemas['Problem']`, … */
export type Schemas = components['schemas'];
export type CustosClient = Client<paths>;

export type CustosClientOptions = {
  /** The server's origin, e.g. `https://custos.example.com` (paths start with `/api/v1`). */
  baseUrl: string;
  /** An access token from `POST /api/v1/auth/token`, or an API key (`ck_…`), sent as `Authorization: Bearer`. */
  token?: string;
  /** Another fetch (tests, proxies, retries); the global fetch by default. */
  fetch?: (request: Request) => Promise<Response>;
  /** Headers sent with every request (e.g. `X-System-Slug`). */
  headers?: Record<string, string>;
};

export function createCustosClient({ baseUrl, token, fetch, headers }: CustosClientOptions): CustosClient {
  return createClient<paths>({
    baseUrl,
    ...(fetch ? { fetch } : {}),
    headers: { ...headers, ...(token ? { authorization: `Bearer ${token}` } : {}) },
  });
}
