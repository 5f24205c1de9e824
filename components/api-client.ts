'use client';

import { requestStepUp } from '@/components/auth/step-up';

/**
 * The console's client for its own API (/api/v1, same-origin cookie): JSON in and out, a problem+json
 * answer becomes an ApiError carrying its code and field errors, and a 401 sends you to sign in again.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code?: string,
    readonly errors: Array<{ path: string; message: string }> = [],
  ) {
    super(message);
  }
}

/** Marks the one retry after a step-up (components/auth/step-up.ts), so a second refusal is an error, not another prompt. */
const STEPPED_UP = Symbol('stepped up');

/** `json` is sent as the JSON body; a plain `body` is taken to be JSON text already. */
export async function api<T>(path: string, init?: RequestInit & { json?: unknown }): Promise<T> {
  const { json, ...rest } = init ?? {};
  const stepUpDone = Boolean((init as Record<symbol, unknown> | undefined)?.[STEPPED_UP]);
  const body = json !== undefined ? JSON.stringify(json) : rest.body;
  const res = await fetch(path, {
    credentials: 'same-origin',
    ...rest,
    headers: { accept: 'application/json', ...(body ? { 'content-type': 'application/json' } : {}), ...rest.headers },
    body,
  });
  if (res.status === 401) {
    // The session behind this page has ended (revoked elsewhere, or expired): sign in again.
    window.location.assign(`/sign-in?next=${encodeURIComponent(window.location.pathname)}`);
    throw new ApiError(401, 'Your session has ended. Sign in again.');
  }
  if (!res.ok) {
    const problem = (await res.json().catch(() => null)) as {
      detail?: string;
      title?: string;
      code?: string;
      errors?: Array<{ path: string; message: string }>;
    } | null;
    // A sensitive operation needs a recent second factor (step-up): ask for it, then send the same request once more.
    if (res.status === 403 && problem?.code === 'mfa_required' && !stepUpDone && (await requestStepUp())) {
      return api<T>(path, { ...init, [STEPPED_UP]: true } as typeof init);
    }
    throw new ApiError(
      res.status,
      problem?.detail ?? problem?.title ?? `The server answered ${res.status}.`,
      problem?.code,
      problem?.errors ?? [],
    );
  }
  return (res.status === 204 ? undefined : await res.json()) as T;
}
