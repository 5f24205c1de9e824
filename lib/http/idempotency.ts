import { createHash } from 'node:crypto';
import { conflict, validationFailed } from '@/lib/errors';
import { getKv } from '@/lib/platform/kv';

type Stored =
  | { state: 'pending'; fingerprint: string }
  | { state: 'done'; fingerprint: string; status: number; contentType: string | null; body: string };

const DAY = 24 * 60 * 60;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * `Idempotency-Key` for POST: the first response (anything but a 5xx) is kept for 24 hours and replayed
 * for a repeat with the same key from the same caller. The same key with a different request, or while
 * the first is still running, is 409 `conflict`.
 */
export async function withIdempotency(
  options: { key: string; scope: string; method: string; path: string; body: unknown },
  run: () => Promise<Response>,
): Promise<Response> {
  if (!/^[\x21-\x7e]{1,255}$/.test(options.key)) {
    throw validationFailed([{ path: 'Idempotency-Key', message: 'Use 1–255 visible ASCII characters.' }]);
  }
  const kv = await getKv();
  const kvKey = `idem:${sha256(`${options.scope}\n${options.method} ${options.path}\n${options.key}`)}`;
  const fingerprint = sha256(JSON.stringify(options.body ?? null));

  const claimed = await kv.set(kvKey, { state: 'pending', fingerprint } satisfies Stored, { ttlSeconds: 120, onlyIfAbsent: true });
  if (!claimed) {
    const existing = await kv.get<Stored>(kvKey);
    if (existing?.fingerprint !== fingerprint) {
      throw conflict('This Idempotency-Key was already used with a different request.');
    }
    if (existing.state === 'pending') throw conflict('A request with this Idempotency-Key is still being processed.');
    return new Response(existing.body || null, {
      status: existing.status,
      headers: { ...(existing.contentType ? { 'content-type': existing.contentType } : {}), 'idempotent-replayed': 'true' },
    });
  }

  let response: Response;
  try {
    response = await run();
  } catch (error) {
    await kv.delete(kvKey).catch(() => {});
    throw error;
  }
  if (response.status >= 500) {
    await kv.delete(kvKey).catch(() => {});
    return response;
  }
  const body = await response.clone().text();
  await kv.set(
    kvKey,
    { state: 'done', fingerprint, status: response.status, contentType: response.headers.get('content-type'), body } satisfies Stored,
    { ttlSeconds: DAY },
  );
  return response;
}
