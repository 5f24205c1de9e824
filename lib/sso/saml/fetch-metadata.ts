import { refusalIn, refusalWords, ssoFetch, type SsoFetch } from '@/lib/sso/guarded-fetch';

/**
 * Reads an identity provider's metadata from its URL: https only (http only with SSO_ALLOW_HTTP=1, for tests and
 * local identity providers), no more than 10 seconds and 1 MiB, no redirects to another scheme. The caller turns a
 * problem into a 400 naming `metadataUrl`.
 */
export const METADATA_TIMEOUT_MS = 10_000;
export const METADATA_MAX_BYTES = 1024 * 1024;

export type FetchedMetadata = { xml: string } | { problem: string };

export function metadataUrlProblem(value: string, allowHttp: boolean): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'Give the full address of the metadata, such as https://idp.example.com/metadata.xml.';
  }
  if (url.username || url.password) return 'The metadata address must not contain a user name or password.';
  if (url.protocol === 'https:') return null;
  if (url.protocol === 'http:') {
    return allowHttp ? null : 'The metadata address must use https:// (http:// is allowed only when SSO_ALLOW_HTTP=1).';
  }
  return 'The metadata address must use https://.';
}

/** `allowPrivate`: reach private, loopback and link-local addresses (lib/sso/guarded-fetch.ts decides unless given). */
export async function fetchMetadata(value: string, allowHttp: boolean, options: { allowPrivate?: boolean } = {}): Promise<FetchedMetadata> {
  const problem = metadataUrlProblem(value, allowHttp);
  if (problem) return { problem };
  const fetch = ssoFetch(options);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), METADATA_TIMEOUT_MS);
  try {
    const response = await fetch(value, {
      signal: controller.signal,
      redirect: 'manual',
      headers: { accept: 'application/samlmetadata+xml, application/xml, text/xml' },
    });
    if (response.status >= 300 && response.status < 400) {
      const location = response.headers.get('location');
      if (!location) return { problem: `The metadata address answered ${response.status} without saying where to go.` };
      const next = new URL(location, value).toString();
      // One redirect is followed, and only under the same rules.
      const followed = metadataUrlProblem(next, allowHttp);
      if (followed) return { problem: followed };
      return await readOnce(fetch, next, controller.signal);
    }
    return await readBody(response);
  } catch (error) {
    const refusal = refusalIn(error);
    if (refusal) return { problem: `The metadata address is refused. ${refusalWords(refusal)}` };
    if (controller.signal.aborted) return { problem: `The metadata address did not answer within ${METADATA_TIMEOUT_MS / 1000} seconds.` };
    return { problem: `The metadata address could not be reached (${error instanceof Error ? shortCause(error) : 'network error'}).` };
  } finally {
    clearTimeout(timer);
  }
}

function shortCause(error: Error): string {
  const cause = (error as { cause?: { code?: string } }).cause;
  return (cause?.code ?? error.message).slice(0, 120);
}

async function readOnce(fetch: SsoFetch, url: string, signal: AbortSignal): Promise<FetchedMetadata> {
  const response = await fetch(url, { signal, redirect: 'manual', headers: { accept: 'application/samlmetadata+xml, application/xml' } });
  if (response.status >= 300 && response.status < 400) return { problem: 'The metadata address redirects more than once.' };
  return readBody(response);
}

async function readBody(response: Response): Promise<FetchedMetadata> {
  if (!response.ok) {
    await response.body?.cancel();
    return { problem: `The metadata address answered ${response.status} instead of the metadata.` };
  }
  const declared = Number(response.headers.get('content-length') ?? '0');
  if (declared > METADATA_MAX_BYTES) {
    await response.body?.cancel();
    return { problem: `The metadata is larger than ${METADATA_MAX_BYTES / 1024} KiB.` };
  }
  if (!response.body) return { xml: '' };
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > METADATA_MAX_BYTES) {
      await reader.cancel();
      return { problem: `The metadata is larger than ${METADATA_MAX_BYTES / 1024} KiB.` };
    }
    chunks.push(value);
  }
  return { xml: Buffer.concat(chunks).toString('utf8') };
}
