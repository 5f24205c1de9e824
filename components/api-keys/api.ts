'use client';

/** Fetch helpers of the API-keys console: same-origin /api/v1 calls; problems become ApiError with field errors. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errors: Array<{ path: string; message: string }> = [],
  ) {
    super(message);
  }
}

export async function api<T>(path: string, init?: RequestInit): Promise<T> {
  const res = await fetch(path, {
    credentials: 'same-origin',
    ...init,
    headers: { accept: 'application/json', ...(init?.body ? { 'content-type': 'application/json' } : {}), ...init?.headers },
  });
  if (res.status === 401) {
    window.location.assign(`/sign-in?next=${encodeURIComponent(window.location.pathname)}`);
    throw new ApiError(401, 'Your session has ended. Sign in again.');
  }
  if (!res.ok) {
    const problem = (await res.json().catch(() => null)) as { detail?: string; errors?: Array<{ path: string; message: string }> } | null;
    throw new ApiError(res.status, problem?.detail ?? `The server answered ${res.status}.`, problem?.errors ?? []);
  }
  return (res.status === 204 ? undefined : await res.json()) as T;
}
