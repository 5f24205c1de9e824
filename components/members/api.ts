/** Same-origin calls to /api/v1 from the members pages; problem+json errors become ApiError with field errors. */
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
    headers: { accept: 'application/json', ...(json !== undefined ? { 'content-type': 'application/json' } : {}), ...rest.headers },
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

export type Ref = { id: string; name: string };

export type Member = {
  id: string;
  user: { id: string; name: string; email: string; image: string | null };
  roles: Ref[];
  teams: Ref[];
  status: 'active' | 'removed';
  lastSignInAt: string | null;
  joinedAt: string;
};

export type AccessSource =
  | { type: 'role'; id: string; name: string }
  | { type: 'team'; id: string; name: string; role: Ref }
  | { type: 'grant' };

export type MemberPermissions = {
  permissions: Array<{ permission: string; allowed: boolean; sources: AccessSource[]; decidedBy: string }>;
  denies: string[];
  overrides: { grant: string[]; deny: string[] };
};

export type RoleOption = Ref & { description: string | null; isDefault: boolean; permissions: string[] };
export type TeamOption = Ref & { roles: Ref[] };

export const membersKey = (tenant: string) => ['tenants', tenant, 'members'] as const;
export const memberKey = (tenant: string, id: string) => ['tenants', tenant, 'members', id] as const;
