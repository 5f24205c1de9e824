'use client';

/** A problem+json answer from /api/v1, with the field errors it named. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code?: string,
    readonly errors: { path: string; message: string }[] = [],
  ) {
    super(message);
  }
}

/** fetch for the console's own API (same-origin cookie): JSON in and out; a 401 sends you to sign in. */
export async function api<T>(path: string, init?: RequestInit & { json?: unknown }): Promise<T> {
  const { json, ...rest } = init ?? {};
  const headers: Record<string, string> = { accept: 'application/json' };
  if (json !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(path, { credentials: 'same-origin', ...rest, headers, body: json === undefined ? rest.body : JSON.stringify(json) });
  if (res.status === 401) {
    window.location.assign(`/sign-in?next=${encodeURIComponent(window.location.pathname)}`);
    throw new ApiError(401, 'Your session has ended. Sign in again.');
  }
  if (!res.ok) {
    const problem = (await res.json().catch(() => null)) as { detail?: string; title?: string; code?: string; errors?: { path: string; message: string }[] } | null;
    throw new ApiError(res.status, problem?.detail ?? problem?.title ?? `The server answered ${res.status}.`, problem?.code, problem?.errors ?? []);
  }
  return (res.status === 204 ? undefined : await res.json()) as T;
}

/** Zod-style `[{path, message}]` to `{ field: message }` (first message per field). */
export function errorsByField(errors: { path: string; message: string }[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of errors) out[e.path.replace(/^query\./, '')] ??= e.message;
  return out;
}
