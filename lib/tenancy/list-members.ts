import type { z } from 'zod';
import { requirePermission } from '@/lib/access/require-permission';
import type { TenantContext } from '@/lib/context';
import { parseInput } from '@/lib/validation';
import { listMemberRows, loadActiveMember } from './members';
import { listMembersQuerySchema, memberParamsSchema, type MemberList, type MemberView } from './member-schemas';

/** Active members with their roles, teams and last sign-in; `q` matches name or email, `role` a role id or name. Needs members.read. */
export async function listMembers(ctx: TenantContext, input: z.input<typeof listMembersQuerySchema>): Promise<MemberList> {
  requirePermission(ctx, 'members.read');
  const query = parseInput(listMembersQuerySchema, input ?? {});
  return listMemberRows(ctx.db, ctx.tenant.id, query);
}

/** One active member by membership id; 404 when unknown, removed or another tenant's. Needs members.read. */
export async function getMember(ctx: TenantContext, id: string): Promise<MemberView> {
  requirePermission(ctx, 'members.read');
  const { id: membershipId } = parseInput(memberParamsSchema.pick({ id: true }), { id });
  return loadActiveMember(ctx.db, ctx.tenant.id, membershipId);
}
