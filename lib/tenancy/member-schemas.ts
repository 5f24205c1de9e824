import { z } from 'zod';
import { roleRefList } from '@/lib/access/role-ref-schemas';
import { tenantParamsSchema } from './schemas';

/** Path of one member: `{id}` is the membership id. */
export const memberParamsSchema = tenantParamsSchema.extend({ id: z.uuid('Not a member id.') });

export const listMembersQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1, 'At least 1.').max(200, 'At most 200.').default(50),
  cursor: z.string().max(200).optional(),
  /** Matches name or email, case-insensitive. */
  q: z.string().trim().max(200).optional(),
  /** A role id or name: members holding that role directly or through a team. */
  role: z.string().trim().min(1).max(100).optional(),
  /** `joined` (oldest first, the default) or `name` (A–Z). */
  sort: z.enum(['joined', 'name'], { message: 'Use joined or name.' }).default('joined'),
});
export type ListMembersQuery = z.infer<typeof listMembersQuerySchema>;

const ref = z.object({ id: z.uuid(), name: z.string() });

export const memberSchema = z.object({
  id: z.uuid(),
  user: z.object({ id: z.uuid(), name: z.string(), email: z.string(), image: z.string().nullable() }),
  roles: z.array(ref),
  teams: z.array(ref),
  status: z.enum(['active', 'removed']),
  lastSignInAt: z.string().nullable(),
  joinedAt: z.string(),
});
export type MemberView = z.infer<typeof memberSchema>;

export const memberListSchema = z.object({ data: z.array(memberSchema), nextCursor: z.string().nullable() });
export type MemberList = z.infer<typeof memberListSchema>;

const idList = (what: string) =>
  z
    .array(z.uuid(`Not a ${what} id.`))
    .max(100, 'At most 100.')
    .refine((ids) => new Set(ids).size === ids.length, 'Each id only once.');

/** Replace the member's direct roles and/or teams. */
export const updateMemberSchema = z
  .strictObject({
    roles: roleRefList({ max: 100 }).optional(),
    teamIds: idList('team').optional(),
  })
  .refine((v) => v.roles !== undefined || v.teamIds !== undefined, { message: 'Send roles, teamIds or both.' });
export type UpdateMemberInput = z.infer<typeof updateMemberSchema>;
