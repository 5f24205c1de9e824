export { ApiError, api } from '@/components/api-client';

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
  { type: 'role'; id: string; name: string } | { type: 'team'; id: string; name: string; role: Ref } | { type: 'grant' };

export type MemberPermissions = {
  permissions: Array<{ permission: string; allowed: boolean; sources: AccessSource[]; decidedBy: string }>;
  denies: string[];
  overrides: { grant: string[]; deny: string[] };
};

export type RoleOption = Ref & { description: string | null; isDefault: boolean; permissions: string[] };
export type TeamOption = Ref & { roles: Ref[] };

export const membersKey = (tenant: string) => ['tenants', tenant, 'members'] as const;
export const memberKey = (tenant: string, id: string) => ['tenants', tenant, 'members', id] as const;
