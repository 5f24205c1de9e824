import { z } from 'zod';
import { roleRefList } from '@/lib/access/role-ref-schemas';
import { listQuerySchema } from '@/lib/access/role-schemas';
import { EXAMPLE_IDS, EXAMPLE_TIMES } from '@/lib/api-examples';
import { sortDirSchema, type SortDir } from '@/lib/list-order';
import { outputDateTime, outputEmail } from '@/lib/validation';

/** Schemas of teams: used by the routes, the console forms and OpenAPI. */

export const TEAM_SORTS = ['name', 'created'] as const;
export type TeamSort = (typeof TEAM_SORTS)[number];
/** The direction each order of the teams list takes when `?dir=` is left out. */
export const TEAM_SORT_DIRS: Record<TeamSort, SortDir> = { name: 'asc', created: 'desc' };

export const listTeamsQuerySchema = listQuerySchema.extend({
  /** Part of the team's name, case-insensitive. */
  q: z.string().trim().max(200).optional(),
  /** `name` (A–Z, the default) or `created` (newest first). */
  sort: z.enum(TEAM_SORTS, { message: 'Use name or created.' }).default('name'),
  /** `asc` or `desc`; left out, the order's own direction. */
  dir: sortDirSchema.optional(),
});

export const teamIdParamsSchema = z.strictObject({ tenant: z.string().min(1).max(63), id: z.uuid('Not a valid id.') });

const teamName = z.string({ message: 'Enter a name.' }).trim().min(2, 'At least 2 characters.').max(60, 'At most 60 characters.');
const description = z.string().trim().max(500, 'At most 500 characters.').nullable().optional();
const idList = (what: string) =>
  z
    .array(z.uuid(`Not a valid ${what} id.`), { message: `A list of ${what} ids.` })
    .max(1000, 'At most 1000.')
    .refine((list) => new Set(list).size === list.length, 'Each id once.');

export const createTeamSchema = z
  .strictObject({ name: teamName, description, roleIds: roleRefList({ max: 1000 }).optional() })
  .meta({ examples: [{ name: 'QA Berlin', description: 'Quality assurance of the Berlin site', roleIds: [EXAMPLE_IDS.role] }] });
export type CreateTeamInput = z.infer<typeof createTeamSchema>;

export const updateTeamSchema = z
  .strictObject({ name: teamName.optional(), description, roleIds: roleRefList({ max: 1000 }).optional() })
  .meta({ examples: [{ description: 'Quality assurance of the Berlin and Munich sites' }] });
export type UpdateTeamInput = z.infer<typeof updateTeamSchema>;

export const setTeamMembersSchema = z
  .strictObject({ membershipIds: idList('membership') })
  .meta({ examples: [{ membershipIds: [EXAMPLE_IDS.membership] }] });

const exampleTeamMember = {
  membershipId: EXAMPLE_IDS.membership,
  user: { id: EXAMPLE_IDS.user, name: 'Dana Whitfield', email: 'dana.whitfield@acme-pharma.example' },
};
export const teamMemberSchema = z
  .object({
    membershipId: z.uuid(),
    user: z.object({ id: z.uuid(), name: z.string().nullable(), email: outputEmail() }),
  })
  .meta({ id: 'TeamMember', examples: [exampleTeamMember] });
export type TeamMemberView = z.infer<typeof teamMemberSchema>;

const teamFields = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string().nullable(),
  roles: z.array(z.object({ id: z.uuid(), name: z.string() })),
  members: z.array(teamMemberSchema),
  memberCount: z.int(),
  createdAt: outputDateTime(),
  updatedAt: outputDateTime(),
});
const exampleTeam = {
  id: EXAMPLE_IDS.team,
  name: 'QA Berlin',
  description: 'Quality assurance of the Berlin site',
  roles: [{ id: EXAMPLE_IDS.role, name: 'QA Reviewer' }],
  members: [exampleTeamMember],
  memberCount: 1,
  createdAt: EXAMPLE_TIMES.created,
  updatedAt: EXAMPLE_TIMES.updated,
};
export const teamSchema = teamFields.meta({ id: 'Team', examples: [exampleTeam] });
export type TeamView = z.infer<typeof teamSchema>;

export const teamListSchema = z
  .object({ data: z.array(teamSchema), nextCursor: z.string().nullable() })
  .meta({ id: 'TeamPage', examples: [{ data: [exampleTeam], nextCursor: null }] });
export const teamMembersSchema = z
  .object({ data: z.array(teamMemberSchema) })
  .meta({ id: 'TeamMemberList', examples: [{ data: [exampleTeamMember] }] });
