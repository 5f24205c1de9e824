import { z } from 'zod';
import { roleRefList } from '@/lib/access/role-ref-schemas';
import { listQuerySchema } from '@/lib/access/role-schemas';

/** Schemas of teams: used by the routes, the console forms and OpenAPI. */

export const TEAM_SORTS = ['name', 'created'] as const;
export type TeamSort = (typeof TEAM_SORTS)[number];

export const listTeamsQuerySchema = listQuerySchema.extend({
  /** Part of the team's name, case-insensitive. */
  q: z.string().trim().max(200).optional(),
  /** `name` (A–Z, the default) or `created` (newest first). */
  sort: z.enum(TEAM_SORTS, { message: 'Use name or created.' }).default('name'),
});

export const teamIdParamsSchema = z.strictObject({ tenant: z.string().min(1).max(63), id: z.uuid('Not a valid id.') });

const teamName = z.string({ message: 'Enter a name.' }).trim().min(2, 'At least 2 characters.').max(60, 'At most 60 characters.');
const description = z.string().trim().max(500, 'At most 500 characters.').nullable().optional();
const idList = (what: string) =>
  z
    .array(z.uuid(`Not a valid ${what} id.`), { message: `A list of ${what} ids.` })
    .max(1000, 'At most 1000.')
    .refine((list) => new Set(list).size === list.length, 'Each id once.');

export const createTeamSchema = z.strictObject({ name: teamName, description, roleIds: roleRefList({ max: 1000 }).optional() });
export type CreateTeamInput = z.infer<typeof createTeamSchema>;

export const updateTeamSchema = z.strictObject({ name: teamName.optional(), description, roleIds: roleRefList({ max: 1000 }).optional() });
export type UpdateTeamInput = z.infer<typeof updateTeamSchema>;

export const setTeamMembersSchema = z.strictObject({ membershipIds: idList('membership') });

export const teamMemberSchema = z.object({
  membershipId: z.uuid(),
  user: z.object({ id: z.uuid(), name: z.string().nullable(), email: z.string() }),
});
export type TeamMemberView = z.infer<typeof teamMemberSchema>;

export const teamSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string().nullable(),
  roles: z.array(z.object({ id: z.uuid(), name: z.string() })),
  members: z.array(teamMemberSchema),
  memberCount: z.int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TeamView = z.infer<typeof teamSchema>;

export const teamListSchema = z.object({ data: z.array(teamSchema), nextCursor: z.string().nullable() });
export const teamMembersSchema = z.object({ data: z.array(teamMemberSchema) });
