'use client';

/** Fetch helpers for the roles, teams and systems pages: same-origin /api/v1 calls with problem+json errors. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errors: Array<{ path: string; message: string }> = [],
  ) {
    super(message);
  }
}

export async function api<T>(path: string, init?: RequestInit & { json?: unknown }): Promise<T> {
  const { json, ...rest } = init ?? {};
  const res = await fetch(path, {
    credentials: 'same-origin',
    ...rest,
    headers: { accept: 'application/json', ...(json !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: json !== undefined ? JSON.stringify(json) : rest.body,
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

/** Every page of a cursor list (roles and teams are few; the matrix needs them all). */
export async function fetchAll<T>(path: string): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < 50; i++) {
    const sep = path.includes('?') ? '&' : '?';
    const page: { data: T[]; nextCursor: string | null } = await api(`${path}${sep}limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    out.push(...page.data);
    cursor = page.nextCursor;
    if (!cursor) break;
  }
  return out;
}

/** Field errors of a 400 keyed by their first path segment (`permissions.3` → `permissions`). */
export function fieldErrorMap(error: unknown): Record<string, string> {
  const map: Record<string, string> = {};
  if (error instanceof ApiError) for (const e of error.errors) map[e.path.split('.')[0]] ??= e.message;
  return map;
}

export type Role = {
  id: string;
  name: string;
  description: string | null;
  isDefault: boolean;
  system: { slug: string } | null;
  permissions: string[];
  memberCount: number;
  teamCount: number;
};

export type System = { id: string; slug: string; name: string; description: string | null; permissions: string[]; roleCount: number };

export type Team = {
  id: string;
  name: string;
  description: string | null;
  roles: Array<{ id: string; name: string }>;
  members: Array<{ membershipId: string; user: { id: string; name: string | null; email: string } }>;
  memberCount: number;
};

/** Catalog permissions grouped by resource, in catalog order: `[['tenant', ['tenant.read', …]], …]`. */
export function groupByResource(keys: readonly string[]): Array<[string, string[]]> {
  const groups = new Map<string, string[]>();
  for (const key of keys) {
    const resource = key.includes(':') ? key.slice(0, key.lastIndexOf('.')) : key.split('.')[0];
    const list = groups.get(resource);
    if (list) list.push(key);
    else groups.set(resource, [key]);
  }
  return [...groups.entries()];
}
